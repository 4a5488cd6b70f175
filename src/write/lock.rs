//! One build at a time per output folder: an advisory lock (`flock`) on
//! `.<output>.shudu-lock` beside the real output folder. The lock goes with
//! the process: a build that is killed holds it no longer. The file holds the
//! process id of the build that last took the lock, for messages; it is left
//! in place (removing a lock file races with the next build that opens it).

use std::fs;
use std::io::{self, Seek, Write};

use super::place::Place;
use super::WriteError;

/// The output folder, held by this build until dropped.
#[derive(Debug)]
pub struct OutputLock {
    _file: fs::File,
}

/// What to do when another build holds the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenBusy {
    /// Wait for it to finish.
    Wait,
    /// Fail at once with [`WriteError::Busy`].
    Fail,
}

impl OutputLock {
    /// Takes the lock of the output at `place`. When another build holds it,
    /// waits (after calling `waiting` with that build's process id, when
    /// known) or fails, as `when_busy` says.
    pub fn acquire(place: &Place, when_busy: WhenBusy, waiting: impl FnOnce(Option<u32>)) -> Result<Self, WriteError> {
        let path = place.beside("lock");
        let io_err = |source: io::Error| WriteError::Io {
            path: path.clone(),
            source,
        };
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err)?;
        if !try_lock(&file).map_err(io_err)? {
            let holder = fs::read_to_string(&path).ok().and_then(|t| t.trim().parse().ok());
            match when_busy {
                WhenBusy::Fail => {
                    return Err(WriteError::Busy {
                        output: place.folder.clone(),
                        pid: holder,
                    })
                }
                WhenBusy::Wait => {
                    waiting(holder);
                    lock(&file).map_err(io_err)?;
                }
            }
        }
        file.set_len(0).map_err(io_err)?;
        file.rewind().map_err(io_err)?;
        writeln!(file, "{}", std::process::id()).map_err(io_err)?;
        Ok(OutputLock { _file: file })
    }
}

/// Takes the lock if it is free; `false` when another holds it.
#[cfg(unix)]
fn try_lock(file: &fs::File) -> io::Result<bool> {
    use rustix::fs::{flock, FlockOperation};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Waits for the lock.
#[cfg(unix)]
fn lock(file: &fs::File) -> io::Result<()> {
    use rustix::fs::{flock, FlockOperation};
    loop {
        match flock(file, FlockOperation::LockExclusive) {
            Err(e) if e == rustix::io::Errno::INTR => continue,
            other => return other.map_err(Into::into),
        }
    }
}

// Elsewhere there is no lock: builds into one output must not overlap.
#[cfg(not(unix))]
fn try_lock(_: &fs::File) -> io::Result<bool> {
    Ok(true)
}

#[cfg(not(unix))]
fn lock(_: &fs::File) -> io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_output_waits_or_fails() {
        let tmp = tempfile::tempdir().expect("tmp");
        let place = Place::resolve(&tmp.path().join("public")).expect("place");
        let held = OutputLock::acquire(&place, WhenBusy::Fail, |_| panic!("free")).expect("lock");
        match OutputLock::acquire(&place, WhenBusy::Fail, |_| panic!("no waiting")) {
            Err(WriteError::Busy { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("expected busy, got {other:?}"),
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let place = place.clone();
            std::thread::spawn(move || {
                OutputLock::acquire(&place, WhenBusy::Wait, |pid| tx.send(pid).expect("send")).map(|_| ())
            })
        };
        assert_eq!(rx.recv().expect("told it waits"), Some(std::process::id()));
        drop(held);
        waiter.join().expect("join").expect("the waiter gets the lock");
        OutputLock::acquire(&place, WhenBusy::Fail, |_| panic!("free again")).expect("lock");
    }
}
