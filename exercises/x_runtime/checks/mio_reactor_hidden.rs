//! Tutor-owned tests for `mio_reactor`: two clients at once, and a server
//! that sleeps while it waits.
#![allow(dead_code)]

#[path = "../mio_reactor.rs"]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::{Runtime, TcpListener, serve};
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpStream};
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    #[test]
    fn hidden_two_slow_clients() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let rt = Runtime::new().unwrap();
            let listener = TcpListener::from_std(&rt, listener).unwrap();
            rt.block_on(serve(rt.clone(), listener, 2))
                .unwrap()
                .unwrap();
            tx.send((rt.polls(), rt.turns())).unwrap();
        });
        let mut clients: Vec<TcpStream> = (0..2)
            .map(|_| {
                let c = TcpStream::connect(addr).unwrap();
                c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                c
            })
            .collect();
        for round in 0..3 {
            for (i, c) in clients.iter_mut().enumerate() {
                thread::sleep(Duration::from_millis(50));
                let msg = format!("round {round} client {i}\n");
                c.write_all(msg.as_bytes()).unwrap();
                let mut back = vec![0; msg.len()];
                c.read_exact(&mut back).expect("no echo within 5 s");
                assert_eq!(back, msg.as_bytes());
            }
        }
        for c in &clients {
            c.shutdown(Shutdown::Write).unwrap();
        }
        let (polls, turns) = rx
            .recv_timeout(Duration::from_secs(5))
            .expect("the server did not finish");
        assert!(polls < 60, "{polls} polls for 6 short echoes");
        assert!(turns < 60, "{turns} reactor turns for 6 short echoes");
    }
}
