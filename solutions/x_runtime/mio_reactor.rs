//! A reactor on mio: an async TCP echo server with no tokio.
//!
//! An executor alone cannot wait for a socket. The *reactor* can: it asks the
//! operating system (epoll on Linux, through mio) which sockets are ready, and
//! wakes the tasks that wait for them. The runtime below is single-threaded:
//! it polls the tasks that are ready, and when none is, it blocks in
//! `Reactor::turn` until the OS reports an event.
//!
//! mio is *edge-triggered*: it reports a socket once when it becomes ready,
//! not again while it stays ready. So a task tries the I/O first, and only
//! when the OS answers `WouldBlock` does it store its waker and return
//! `Pending`; the next event for that socket wakes it to try again.
//! `TcpListener::accept` is written that way: use it as the model.
//!
//! Implement `Reactor::turn`, `TcpStream::poll_read`, `TcpStream::poll_write`
//! and `echo`. The tests run the server on a loopback port and check a small
//! echo, a 1 MiB round trip (the socket buffers fill up: writes must wait
//! too), three clients served concurrently, and that a server waiting for a
//! slow client is polled a handful of times, not thousands.

use mio::event::Source;
use mio::{Events, Interest, Poll as MioPoll, Token};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::{Future, poll_fn};
use std::io::{self, Read, Write};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

// ----------------------------------------------------------------- reactor

/// The tasks waiting on one socket: one reader and one writer.
#[derive(Default)]
struct Waiting {
    reader: Option<Waker>,
    writer: Option<Waker>,
}

#[derive(Clone, Copy)]
enum Direction {
    Read,
    Write,
}

pub struct Reactor {
    poll: MioPoll,
    events: Events,
    next_token: usize,
    waiting: HashMap<Token, Waiting>,
    turns: usize,
}

impl Reactor {
    fn new() -> io::Result<Reactor> {
        Ok(Reactor {
            poll: MioPoll::new()?,
            events: Events::with_capacity(256),
            next_token: 0,
            waiting: HashMap::new(),
            turns: 0,
        })
    }

    fn register(&mut self, source: &mut impl Source) -> io::Result<Token> {
        let token = Token(self.next_token);
        self.next_token += 1;
        self.poll
            .registry()
            .register(source, token, Interest::READABLE | Interest::WRITABLE)?;
        self.waiting.insert(token, Waiting::default());
        Ok(token)
    }

    fn deregister(&mut self, source: &mut impl Source, token: Token) {
        self.waiting.remove(&token);
        // The socket is being closed anyway; nothing to do on failure.
        let _ = self.poll.registry().deregister(source);
    }

    /// Stores the waker to wake when `token` is ready in `direction`.
    fn wait(&mut self, token: Token, direction: Direction, waker: &Waker) {
        let waiting = self.waiting.entry(token).or_default();
        let slot = match direction {
            Direction::Read => &mut waiting.reader,
            Direction::Write => &mut waiting.writer,
        };
        *slot = Some(waker.clone());
    }

    /// Blocks until the OS reports events, then wakes the tasks waiting for
    /// them. An error or a closed side wakes the waiter too: its next read or
    /// write returns the error or the end of the stream.
    pub fn turn(&mut self) -> io::Result<()> {
        self.turns += 1;
        loop {
            match self.poll.poll(&mut self.events, None) {
                Ok(()) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        for event in self.events.iter() {
            let Some(waiting) = self.waiting.get_mut(&event.token()) else {
                continue;
            };
            let failed = event.is_error();
            if (event.is_readable() || event.is_read_closed() || failed)
                && let Some(waker) = waiting.reader.take()
            {
                waker.wake();
            }
            if (event.is_writable() || event.is_write_closed() || failed)
                && let Some(waker) = waiting.writer.take()
            {
                waker.wake();
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- executor

type BoxFuture = Pin<Box<dyn Future<Output = ()>>>;

/// Task ids travel in wakers; the ready queue is the only thing they touch.
struct TaskWaker {
    id: usize,
    ready: Arc<Mutex<VecDeque<usize>>>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.ready.lock().unwrap().push_back(self.id);
    }
}

struct Inner {
    reactor: RefCell<Reactor>,
    tasks: RefCell<Vec<Option<BoxFuture>>>,
    ready: Arc<Mutex<VecDeque<usize>>>,
    live: Cell<usize>,
    polls: Cell<usize>,
}

/// A single-threaded runtime: an executor and a reactor. Cloning it gives
/// another handle to the same runtime.
#[derive(Clone)]
pub struct Runtime(Rc<Inner>);

const MAIN: usize = usize::MAX;

impl Runtime {
    pub fn new() -> io::Result<Runtime> {
        Ok(Runtime(Rc::new(Inner {
            reactor: RefCell::new(Reactor::new()?),
            tasks: RefCell::new(Vec::new()),
            ready: Arc::default(),
            live: Cell::new(0),
            polls: Cell::new(0),
        })))
    }

    pub fn spawn(&self, future: impl Future<Output = ()> + 'static) {
        let mut tasks = self.0.tasks.borrow_mut();
        tasks.push(Some(Box::pin(future)));
        self.0.live.set(self.0.live.get() + 1);
        self.0.ready.lock().unwrap().push_back(tasks.len() - 1);
    }

    /// Task polls so far (the main future's included).
    pub fn polls(&self) -> usize {
        self.0.polls.get()
    }

    /// How many times the runtime blocked in the reactor.
    pub fn turns(&self) -> usize {
        self.0.reactor.borrow().turns
    }

    fn waker(&self, id: usize) -> Waker {
        Waker::from(Arc::new(TaskWaker {
            id,
            ready: Arc::clone(&self.0.ready),
        }))
    }

    /// Runs `main` and every spawned task to completion.
    pub fn block_on<T>(&self, main: impl Future<Output = T>) -> io::Result<T> {
        let mut main = std::pin::pin!(main);
        let mut output = None;
        self.0.ready.lock().unwrap().push_back(MAIN);
        loop {
            let next = self.0.ready.lock().unwrap().pop_front();
            let Some(id) = next else {
                if self.0.live.get() == 0
                    && let Some(out) = output.take()
                {
                    return Ok(out);
                }
                self.0.reactor.borrow_mut().turn()?;
                continue;
            };
            self.0.polls.set(self.0.polls.get() + 1);
            let waker = self.waker(id);
            let mut cx = Context::from_waker(&waker);
            if id == MAIN {
                if output.is_none()
                    && let Poll::Ready(out) = main.as_mut().poll(&mut cx)
                {
                    output = Some(out);
                }
                continue;
            }
            // Take the task out while it runs: it may spawn, which borrows `tasks`.
            let Some(mut task) = self.0.tasks.borrow_mut()[id].take() else {
                continue; // already finished
            };
            if task.as_mut().poll(&mut cx).is_pending() {
                self.0.tasks.borrow_mut()[id] = Some(task);
            } else {
                self.0.live.set(self.0.live.get() - 1);
            }
        }
    }
}

// --------------------------------------------------------------------- net

pub struct TcpListener {
    inner: mio::net::TcpListener,
    token: Token,
    rt: Runtime,
}

impl TcpListener {
    pub fn from_std(rt: &Runtime, listener: std::net::TcpListener) -> io::Result<TcpListener> {
        listener.set_nonblocking(true)?;
        let mut inner = mio::net::TcpListener::from_std(listener);
        let token = rt.0.reactor.borrow_mut().register(&mut inner)?;
        Ok(TcpListener {
            inner,
            token,
            rt: rt.clone(),
        })
    }

    /// The model of every I/O future: try, and wait only on `WouldBlock`.
    pub async fn accept(&mut self) -> io::Result<TcpStream> {
        poll_fn(|cx| {
            loop {
                match self.inner.accept() {
                    Ok((stream, _peer)) => return Poll::Ready(TcpStream::new(&self.rt, stream)),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                        let mut reactor = self.rt.0.reactor.borrow_mut();
                        reactor.wait(self.token, Direction::Read, cx.waker());
                        return Poll::Pending;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Poll::Ready(Err(e)),
                }
            }
        })
        .await
    }
}

impl Drop for TcpListener {
    fn drop(&mut self) {
        let mut reactor = self.rt.0.reactor.borrow_mut();
        reactor.deregister(&mut self.inner, self.token);
    }
}

pub struct TcpStream {
    inner: mio::net::TcpStream,
    token: Token,
    rt: Runtime,
}

impl TcpStream {
    fn new(rt: &Runtime, mut inner: mio::net::TcpStream) -> io::Result<TcpStream> {
        let token = rt.0.reactor.borrow_mut().register(&mut inner)?;
        Ok(TcpStream {
            inner,
            token,
            rt: rt.clone(),
        })
    }

    /// Like `accept`: read, and wait for the socket only on `WouldBlock`.
    pub fn poll_read(&mut self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>> {
        loop {
            match self.inner.read(buf) {
                Ok(n) => return Poll::Ready(Ok(n)),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    let mut reactor = self.rt.0.reactor.borrow_mut();
                    reactor.wait(self.token, Direction::Read, cx.waker());
                    return Poll::Pending;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }

    pub fn poll_write(&mut self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        loop {
            match self.inner.write(buf) {
                Ok(n) => return Poll::Ready(Ok(n)),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    let mut reactor = self.rt.0.reactor.borrow_mut();
                    reactor.wait(self.token, Direction::Write, cx.waker());
                    return Poll::Pending;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }

    pub async fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        poll_fn(|cx| self.poll_read(cx, buf)).await
    }

    pub async fn write_all(&mut self, mut buf: &[u8]) -> io::Result<()> {
        while !buf.is_empty() {
            let n = poll_fn(|cx| self.poll_write(cx, buf)).await?;
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            buf = &buf[n..];
        }
        Ok(())
    }
}

impl Drop for TcpStream {
    fn drop(&mut self) {
        let mut reactor = self.rt.0.reactor.borrow_mut();
        reactor.deregister(&mut self.inner, self.token);
    }
}

/// Sends back everything the peer sends, until it closes its side; returns
/// the number of bytes echoed.
pub async fn echo(mut stream: TcpStream) -> io::Result<u64> {
    let mut buf = [0u8; 4096];
    let mut total = 0;
    loop {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(total);
        }
        stream.write_all(&buf[..n]).await?;
        total += n as u64;
    }
}

/// Accepts `connections` clients and echoes each one in its own task.
pub async fn serve(rt: Runtime, mut listener: TcpListener, connections: usize) -> io::Result<()> {
    for _ in 0..connections {
        let stream = listener.accept().await?;
        rt.spawn(async move {
            if let Err(e) = echo(stream).await {
                eprintln!("echo failed: {e}");
            }
        });
    }
    Ok(())
}

fn main() -> io::Result<()> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let client = std::thread::spawn(move || -> io::Result<String> {
        let mut stream = std::net::TcpStream::connect(addr)?;
        stream.write_all(b"hello, reactor")?;
        stream.shutdown(std::net::Shutdown::Write)?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        Ok(answer)
    });
    let rt = Runtime::new()?;
    let listener = TcpListener::from_std(&rt, listener)?;
    rt.block_on(serve(rt.clone(), listener, 1))??;
    println!("{:?} after {} polls", client.join().unwrap()?, rt.polls());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Shutdown, TcpStream as StdStream};
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    /// Starts a server for `connections` clients on its own thread; the
    /// receiver gets `(polls, turns)` when the runtime has finished.
    fn server(connections: usize) -> (std::net::SocketAddr, mpsc::Receiver<(usize, usize)>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let rt = Runtime::new().unwrap();
            let listener = TcpListener::from_std(&rt, listener).unwrap();
            rt.block_on(serve(rt.clone(), listener, connections))
                .unwrap()
                .unwrap();
            tx.send((rt.polls(), rt.turns())).unwrap();
        });
        (addr, rx)
    }

    fn connect(addr: std::net::SocketAddr) -> StdStream {
        let stream = StdStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
    }

    fn read_exactly(stream: &mut StdStream, len: usize) -> Vec<u8> {
        let mut buf = vec![0; len];
        stream.read_exact(&mut buf).expect("no echo within 5 s");
        buf
    }

    fn finished(rx: &mpsc::Receiver<(usize, usize)>) -> (usize, usize) {
        rx.recv_timeout(Duration::from_secs(5))
            .expect("the server did not finish: does echo stop at the end of the stream?")
    }

    #[test]
    fn echoes_one_client() {
        let (addr, done) = server(1);
        let mut client = connect(addr);
        client.write_all(b"hello").unwrap();
        assert_eq!(read_exactly(&mut client, 5), b"hello");
        client.write_all(b", world").unwrap();
        client.shutdown(Shutdown::Write).unwrap();
        let mut rest = Vec::new();
        client.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b", world");
        finished(&done);
    }

    #[test]
    fn a_megabyte_round_trip() {
        let (addr, done) = server(1);
        let mut client = connect(addr);
        let data: Vec<u8> = (0..1 << 20).map(|i: u32| (i * 7 % 251) as u8).collect();
        let mut writer = client.try_clone().unwrap();
        let sent = data.clone();
        let w = thread::spawn(move || {
            writer.write_all(&sent).unwrap();
            writer.shutdown(Shutdown::Write).unwrap();
        });
        let mut back = Vec::new();
        client.read_to_end(&mut back).expect("echo stalled");
        w.join().unwrap();
        assert_eq!(back.len(), data.len());
        assert!(back == data, "the echo differs from what was sent");
        finished(&done);
    }

    #[test]
    fn clients_are_served_concurrently() {
        let (addr, done) = server(3);
        let mut clients: Vec<StdStream> = (0..3).map(|_| connect(addr)).collect();
        for i in [2, 0, 1] {
            let msg = format!("client {i}");
            clients[i].write_all(msg.as_bytes()).unwrap();
            assert_eq!(read_exactly(&mut clients[i], msg.len()), msg.as_bytes());
        }
        for c in &clients {
            c.shutdown(Shutdown::Write).unwrap();
        }
        finished(&done);
    }

    #[test]
    fn a_waiting_server_sleeps() {
        let (addr, done) = server(1);
        let mut client = connect(addr);
        thread::sleep(Duration::from_millis(200));
        client.write_all(b"slow").unwrap();
        assert_eq!(read_exactly(&mut client, 4), b"slow");
        thread::sleep(Duration::from_millis(100));
        client.shutdown(Shutdown::Write).unwrap();
        let (polls, turns) = finished(&done);
        assert!(
            polls < 30,
            "{polls} polls for one short echo: something spins"
        );
        assert!(turns < 30, "{turns} reactor turns for one short echo");
    }
}
