//! Non-blocking TCP on the runtime's reactor: try the operation, and wait
//! for the socket only when the OS answers `WouldBlock`.

use crate::runtime::{Direction, Inner, current};
use mio::Token;
use std::future::poll_fn;
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::rc::Rc;
use std::task::{Context, Poll};

/// Runs `op` until it stops failing with `Interrupted`; on `WouldBlock` it
/// stores the waker for `direction` and returns `Pending`.
fn io_poll<T>(
    rt: &Inner,
    token: Token,
    direction: Direction,
    cx: &mut Context<'_>,
    mut op: impl FnMut() -> io::Result<T>,
) -> Poll<io::Result<T>> {
    loop {
        match op() {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                rt.wait(token, direction, cx.waker());
                return Poll::Pending;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            result => return Poll::Ready(result),
        }
    }
}

pub struct TcpListener {
    inner: mio::net::TcpListener,
    token: Token,
    rt: Rc<Inner>,
}

impl TcpListener {
    /// Takes over a bound std listener (it is made non-blocking).
    pub fn from_std(listener: std::net::TcpListener) -> io::Result<TcpListener> {
        listener.set_nonblocking(true)?;
        let mut inner = mio::net::TcpListener::from_std(listener);
        let rt = current();
        let token = rt.register(&mut inner)?;
        Ok(TcpListener { inner, token, rt })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }

    pub async fn accept(&mut self) -> io::Result<TcpStream> {
        let (stream, _) = poll_fn(|cx| {
            io_poll(&self.rt, self.token, Direction::Read, cx, || {
                self.inner.accept()
            })
        })
        .await?;
        TcpStream::new(stream)
    }
}

impl Drop for TcpListener {
    fn drop(&mut self) {
        self.rt.deregister(&mut self.inner, self.token);
    }
}

pub struct TcpStream {
    inner: mio::net::TcpStream,
    token: Token,
    rt: Rc<Inner>,
}

impl TcpStream {
    fn new(mut inner: mio::net::TcpStream) -> io::Result<TcpStream> {
        let rt = current();
        let token = rt.register(&mut inner)?;
        Ok(TcpStream { inner, token, rt })
    }

    pub async fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        poll_fn(|cx| {
            io_poll(&self.rt, self.token, Direction::Read, cx, || {
                self.inner.read(buf)
            })
        })
        .await
    }

    pub async fn write_all(&mut self, mut buf: &[u8]) -> io::Result<()> {
        while !buf.is_empty() {
            let n = poll_fn(|cx| {
                io_poll(&self.rt, self.token, Direction::Write, cx, || {
                    self.inner.write(buf)
                })
            })
            .await?;
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
        self.rt.deregister(&mut self.inner, self.token);
    }
}
