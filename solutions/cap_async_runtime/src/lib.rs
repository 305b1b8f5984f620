//! Capstone: an async runtime of your own, serving HTTP on loopback.
//!
//! The runtime phase built each part alone; here they work together.
//! `runtime` holds a single-threaded executor and a mio reactor; `net` has
//! non-blocking TCP sockets on that reactor; `http` is a small HTTP/1.0
//! server on top. What is missing is yours:
//! - in `runtime`: `spawn`, which returns a `JoinHandle` you can `.await` for
//!   the task's output; `sleep`, a timer future; and timers in the reactor's
//!   `turn`, which must block no longer than the earliest deadline and then
//!   wake the sleepers that are due;
//! - in `http`: `read_request`, which reads a request that may arrive in
//!   pieces: the head up to the empty line, then `Content-Length` bytes.
//!
//! The tests start the server on a loopback port in a thread of its own and
//! talk to it with blocking std sockets: routes and status codes, a request
//! sent one byte at a time, a 200 KiB body, and two slow requests served at
//! the same time as a fast one, all on one thread.

pub mod http;
pub mod net;
pub mod runtime;

pub use runtime::{JoinHandle, Runtime, sleep, spawn};

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpStream as StdStream};
    use std::rc::Rc;
    use std::sync::mpsc;
    use std::thread;
    use std::time::{Duration, Instant};

    fn server(connections: usize) -> (SocketAddr, mpsc::Receiver<usize>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let rt = Runtime::new().unwrap();
            let served = rt
                .block_on(async move {
                    let listener = net::TcpListener::from_std(listener)?;
                    http::serve(listener, connections).await
                })
                .unwrap()
                .unwrap();
            tx.send(served).unwrap();
        });
        (addr, rx)
    }

    fn connect(addr: SocketAddr) -> StdStream {
        let s = StdStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s
    }

    fn response(mut s: StdStream) -> String {
        let mut out = Vec::new();
        s.read_to_end(&mut out)
            .expect("no complete response within 5 s");
        String::from_utf8_lossy(&out).into_owned()
    }

    fn exchange(addr: SocketAddr, request: &[u8]) -> String {
        let mut s = connect(addr);
        s.write_all(request).unwrap();
        response(s)
    }

    fn done(rx: &mpsc::Receiver<usize>) -> usize {
        rx.recv_timeout(Duration::from_secs(5))
            .expect("the server did not finish")
    }

    #[test]
    fn join_handles_give_the_output() {
        let rt = Runtime::new().unwrap();
        let sum = rt
            .block_on(async {
                let a = spawn(async { 1 });
                let b = spawn(async {
                    sleep(Duration::from_millis(20)).await;
                    2
                });
                let c = spawn(async { spawn(async { 40 }).await });
                b.await + a.await + c.await
            })
            .unwrap();
        assert_eq!(sum, 43);
    }

    #[test]
    fn sleepers_wake_in_deadline_order() {
        let rt = Runtime::new().unwrap();
        let order = Rc::new(RefCell::new(Vec::new()));
        let start = Instant::now();
        rt.block_on({
            let order = Rc::clone(&order);
            async move {
                let handles: Vec<_> = [60u64, 20, 40]
                    .into_iter()
                    .map(|ms| {
                        let order = Rc::clone(&order);
                        spawn(async move {
                            sleep(Duration::from_millis(ms)).await;
                            order.borrow_mut().push(ms);
                        })
                    })
                    .collect();
                for h in handles {
                    h.await;
                }
            }
        })
        .unwrap();
        assert_eq!(*order.borrow(), [20, 40, 60]);
        let took = start.elapsed();
        assert!(
            took >= Duration::from_millis(60),
            "woke too early: {took:?}"
        );
        assert!(
            took < Duration::from_millis(500),
            "slept one after the other: {took:?}"
        );
    }

    #[test]
    fn routes_and_status_codes() {
        let (addr, rx) = server(4);
        assert_eq!(
            exchange(addr, b"GET /health HTTP/1.0\r\n\r\n"),
            "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"
        );
        assert_eq!(
            exchange(
                addr,
                b"POST /echo HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello"
            ),
            "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello"
        );
        assert!(exchange(addr, b"GET /nope HTTP/1.0\r\n\r\n").starts_with("HTTP/1.0 404"));
        assert!(exchange(addr, b"GARBAGE\r\n\r\n").starts_with("HTTP/1.0 400"));
        assert_eq!(done(&rx), 4);
    }

    #[test]
    fn a_request_in_pieces() {
        let (addr, rx) = server(1);
        let mut s = connect(addr);
        let request = b"POST /echo HTTP/1.0\r\ncontent-length: 11\r\nX-Test: 1\r\n\r\nhello world";
        for byte in request {
            s.write_all(&[*byte]).unwrap();
            thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(
            response(s),
            "HTTP/1.0 200 OK\r\nContent-Length: 11\r\n\r\nhello world"
        );
        done(&rx);
    }

    #[test]
    fn a_large_body() {
        let (addr, rx) = server(1);
        let body: Vec<u8> = (0..200 * 1024).map(|i| b'a' + (i % 26) as u8).collect();
        let mut s = connect(addr);
        let mut writer = s.try_clone().unwrap();
        let sent = body.clone();
        let w = thread::spawn(move || {
            let head = format!(
                "POST /echo HTTP/1.0\r\nContent-Length: {}\r\n\r\n",
                sent.len()
            );
            writer.write_all(head.as_bytes()).unwrap();
            writer.write_all(&sent).unwrap();
        });
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        w.join().unwrap();
        let head = format!("HTTP/1.0 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
        assert!(out.starts_with(head.as_bytes()));
        assert!(out[head.len()..] == body[..], "the echoed body differs");
        done(&rx);
    }

    #[test]
    fn slow_requests_do_not_block_the_others() {
        let (addr, rx) = server(3);
        let start = Instant::now();
        let slow: Vec<_> = (0..2)
            .map(|_| thread::spawn(move || exchange(addr, b"GET /sleep?ms=300 HTTP/1.0\r\n\r\n")))
            .collect();
        thread::sleep(Duration::from_millis(50));
        let fast = exchange(addr, b"GET /health HTTP/1.0\r\n\r\n");
        let fast_took = start.elapsed();
        assert!(fast.ends_with("ok"));
        assert!(
            fast_took < Duration::from_millis(250),
            "/health waited for the sleepers: {fast_took:?}"
        );
        for s in slow {
            let answer = s.join().unwrap();
            assert!(answer.ends_with("slept 300"), "{answer}");
        }
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(300));
        assert!(
            took < Duration::from_millis(550),
            "the sleeps ran one after the other: {took:?}"
        );
        assert_eq!(done(&rx), 3);
    }

    #[test]
    fn heads_parse() {
        let (method, path, headers) =
            http::parse_head("GET /a?b=1 HTTP/1.1\r\nHost: x\r\nContent-Length:  3 ").unwrap();
        assert_eq!((method.as_str(), path.as_str()), ("GET", "/a?b=1"));
        assert_eq!(headers[1], ("Content-Length".to_string(), "3".to_string()));
        assert!(http::parse_head("GET / HTTP/1.0 extra").is_none());
        assert!(http::parse_head("GET nopath HTTP/1.0").is_none());
        assert!(http::parse_head("GET / HTTP/1.0\r\nbad header").is_none());
    }
}
