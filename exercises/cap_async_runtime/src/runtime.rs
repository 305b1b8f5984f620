//! The runtime: an executor, a reactor with timers, `spawn` and `sleep`.
//!
//! It is single-threaded. `block_on` installs the runtime for the current
//! thread, so `spawn`, `sleep` and the sockets of `net` find it without a
//! handle, as with tokio. The loop polls the tasks that were woken; when none
//! is, it blocks in the reactor until a socket is ready *or the earliest
//! timer is due*, fires the due timers and wakes the tasks waiting on events.

use mio::event::Source;
use mio::{Events, Interest, Poll as MioPoll, Token};
use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

#[derive(Clone, Copy)]
pub(crate) enum Direction {
    Read,
    Write,
}

#[derive(Default)]
struct Waiting {
    reader: Option<Waker>,
    writer: Option<Waker>,
}

struct Reactor {
    poll: MioPoll,
    events: Events,
    next_token: usize,
    waiting: HashMap<Token, Waiting>,
    /// Deadlines, earliest first, with the waker of the sleeping task. The
    /// `u64` keeps entries with equal deadlines in insertion order.
    timers: BinaryHeap<Reverse<(Instant, u64)>>,
    timer_wakers: HashMap<u64, Waker>,
    next_timer: u64,
}

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

pub(crate) struct Inner {
    reactor: RefCell<Reactor>,
    tasks: RefCell<Vec<Option<BoxFuture>>>,
    ready: Arc<Mutex<VecDeque<usize>>>,
    live: Cell<usize>,
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Inner>>> = const { RefCell::new(None) };
}

/// The runtime of this thread; panics outside `block_on`.
pub(crate) fn current() -> Rc<Inner> {
    CURRENT.with(|c| {
        c.borrow()
            .clone()
            .expect("no runtime: call this inside Runtime::block_on")
    })
}

pub struct Runtime {
    inner: Rc<Inner>,
}

const MAIN: usize = usize::MAX;

impl Runtime {
    pub fn new() -> io::Result<Runtime> {
        Ok(Runtime {
            inner: Rc::new(Inner {
                reactor: RefCell::new(Reactor {
                    poll: MioPoll::new()?,
                    events: Events::with_capacity(256),
                    next_token: 0,
                    waiting: HashMap::new(),
                    timers: BinaryHeap::new(),
                    timer_wakers: HashMap::new(),
                    next_timer: 0,
                }),
                tasks: RefCell::new(Vec::new()),
                ready: Arc::default(),
                live: Cell::new(0),
            }),
        })
    }

    /// Runs `main` to completion, then the tasks it spawned, and returns the
    /// output of `main`.
    pub fn block_on<T>(&self, main: impl Future<Output = T>) -> io::Result<T> {
        let previous = CURRENT.with(|c| c.replace(Some(Rc::clone(&self.inner))));
        let result = self.run(main);
        CURRENT.with(|c| *c.borrow_mut() = previous);
        result
    }

    fn run<T>(&self, main: impl Future<Output = T>) -> io::Result<T> {
        let inner = &self.inner;
        let mut main = std::pin::pin!(main);
        let mut output = None;
        inner.ready.lock().unwrap().push_back(MAIN);
        loop {
            let next = inner.ready.lock().unwrap().pop_front();
            let Some(id) = next else {
                if inner.live.get() == 0
                    && let Some(out) = output.take()
                {
                    return Ok(out);
                }
                inner.turn()?;
                continue;
            };
            let waker = Waker::from(Arc::new(TaskWaker {
                id,
                ready: Arc::clone(&inner.ready),
            }));
            let mut cx = Context::from_waker(&waker);
            if id == MAIN {
                if output.is_none()
                    && let Poll::Ready(out) = main.as_mut().poll(&mut cx)
                {
                    output = Some(out);
                }
                continue;
            }
            let Some(mut task) = inner.tasks.borrow_mut()[id].take() else {
                continue;
            };
            if task.as_mut().poll(&mut cx).is_pending() {
                inner.tasks.borrow_mut()[id] = Some(task);
            } else {
                inner.live.set(inner.live.get() - 1);
            }
        }
    }
}

impl Inner {
    pub(crate) fn register(&self, source: &mut impl Source) -> io::Result<Token> {
        let mut r = self.reactor.borrow_mut();
        let token = Token(r.next_token);
        r.next_token += 1;
        r.poll
            .registry()
            .register(source, token, Interest::READABLE | Interest::WRITABLE)?;
        r.waiting.insert(token, Waiting::default());
        Ok(token)
    }

    pub(crate) fn deregister(&self, source: &mut impl Source, token: Token) {
        let mut r = self.reactor.borrow_mut();
        r.waiting.remove(&token);
        let _ = r.poll.registry().deregister(source);
    }

    pub(crate) fn wait(&self, token: Token, direction: Direction, waker: &Waker) {
        let mut r = self.reactor.borrow_mut();
        let w = r.waiting.entry(token).or_default();
        let slot = match direction {
            Direction::Read => &mut w.reader,
            Direction::Write => &mut w.writer,
        };
        *slot = Some(waker.clone());
    }

    fn spawn(&self, future: BoxFuture) {
        let mut tasks = self.tasks.borrow_mut();
        tasks.push(Some(future));
        self.live.set(self.live.get() + 1);
        self.ready.lock().unwrap().push_back(tasks.len() - 1);
    }

    /// Registers a timer; returns its id.
    fn add_timer(&self, deadline: Instant, waker: &Waker) -> u64 {
        let mut r = self.reactor.borrow_mut();
        let id = r.next_timer;
        r.next_timer += 1;
        r.timers.push(Reverse((deadline, id)));
        r.timer_wakers.insert(id, waker.clone());
        id
    }

    /// Replaces the waker of a pending timer.
    fn update_timer(&self, id: u64, waker: &Waker) {
        if let Some(w) = self.reactor.borrow_mut().timer_wakers.get_mut(&id) {
            w.clone_from(waker);
        }
    }

    /// Blocks until a socket is ready or the earliest timer is due, then
    /// wakes every task that can make progress.
    fn turn(&self) -> io::Result<()> {
        let mut guard = self.reactor.borrow_mut();
        let r = &mut *guard;
        // TODO: block no longer than until the earliest timer is due.
        let timeout: Option<Duration> = None;
        loop {
            match r.poll.poll(&mut r.events, timeout) {
                Ok(()) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        for event in r.events.iter() {
            let Some(w) = r.waiting.get_mut(&event.token()) else {
                continue;
            };
            let failed = event.is_error();
            if (event.is_readable() || event.is_read_closed() || failed)
                && let Some(waker) = w.reader.take()
            {
                waker.wake();
            }
            if (event.is_writable() || event.is_write_closed() || failed)
                && let Some(waker) = w.writer.take()
            {
                waker.wake();
            }
        }
        // TODO: wake every sleeper whose deadline has passed.
        Ok(())
    }
}

/// Resolves to the task's output once it has finished.
// TODO: what does it share with the task?
pub struct JoinHandle<T> {
    _output: std::marker::PhantomData<T>,
}

/// Runs `future` as a new task of the current runtime.
// TODO: spawn a task (`current().spawn(Box::pin(...))`) that runs `future`
// and hands its output to the `JoinHandle`, waking whoever awaits it.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let _ = future;
    todo!("spawn")
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<T> {
        todo!("JoinHandle::poll")
    }
}

/// Completes once `duration` has passed, without blocking the thread.
pub fn sleep(duration: Duration) -> Sleep {
    Sleep {
        deadline: Instant::now() + duration,
        timer: None,
    }
}

pub struct Sleep {
    deadline: Instant,
    timer: Option<u64>,
}

// TODO: ready once the deadline has passed; otherwise register a timer
// (`add_timer`) on the first poll, and keep its waker current
// (`update_timer`) on the next ones.
impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        todo!("Sleep::poll")
    }
}
