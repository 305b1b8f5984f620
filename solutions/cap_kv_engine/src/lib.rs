//! Capstone: a crash-safe key-value store on an append-only log.
//!
//! Every `put` and `delete` appends one record to `data.log` (see `record`
//! for the format: a CRC-32 checksum, lengths, key and value). An in-memory
//! index maps each live key to where its latest value sits in the file, so a
//! `get` is one read. This is the design of Bitcask, and the write path of
//! every log-structured store.
//!
//! Three things make it durable, and they are yours:
//! - **checksums**: `record::crc32` and `record::decode`, which tells a whole
//!   record from one that a crash cut short (`Incomplete`) or that was
//!   damaged (`Corrupt`);
//! - **recovery**: `Store::open` replays the log to rebuild the index and
//!   stops at the first record that is incomplete or corrupt; everything from
//!   there on is cut off (`set_len`), so the next append starts on a clean
//!   boundary. A leftover `data.log.compact` from an interrupted compaction
//!   is deleted;
//! - **compaction**: the log grows with every overwrite. `compact` writes the
//!   live records to `data.log.compact`, `sync_all`s it, renames it over
//!   `data.log` (a rename is atomic: a crash leaves either the old file or
//!   the new one), syncs the directory so the rename itself is durable, and
//!   switches to the new file.
//!
//! The tests crash the store by hand: they cut the file in the middle of a
//! record, flip bytes, and leave half-written compaction files behind.

pub mod record;

use record::{Decoded, Record};
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

const LOG: &str = "data.log";
const COMPACT: &str = "data.log.compact";

pub struct Store {
    dir: PathBuf,
    file: File,
    /// Key → (offset of the value in the file, its length).
    index: HashMap<Vec<u8>, (u64, u32)>,
    /// Where the next record goes: the end of the valid log.
    end: u64,
}

/// What `open` found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recovery {
    /// Records replayed.
    pub records: usize,
    /// Bytes cut off the end of the log (a torn or corrupt tail).
    pub truncated: u64,
}

impl Store {
    /// Opens (or creates) the store in `dir`.
    pub fn open(dir: impl AsRef<Path>) -> io::Result<(Store, Recovery)> {
        let dir = dir.as_ref().to_path_buf();
        fs::create_dir_all(&dir)?;
        // An interrupted compaction: the old log is still complete.
        match fs::remove_file(dir.join(COMPACT)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(LOG))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        let mut index = HashMap::new();
        let mut recovery = Recovery::default();
        let mut at = 0;
        while at < bytes.len() {
            let Decoded::Record(record, len) = record::decode(&bytes[at..]) else {
                break; // incomplete or corrupt: the log ends here
            };
            apply(&mut index, &record, at as u64);
            recovery.records += 1;
            at += len;
        }
        if at < bytes.len() {
            recovery.truncated = (bytes.len() - at) as u64;
            file.set_len(at as u64)?;
            file.sync_all()?;
        }
        let store = Store {
            dir,
            file,
            index,
            end: at as u64,
        };
        Ok((store, recovery))
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The size of the log file.
    pub fn file_len(&self) -> u64 {
        self.end
    }

    pub fn get(&mut self, key: &[u8]) -> io::Result<Option<Vec<u8>>> {
        let Some(&(offset, len)) = self.index.get(key) else {
            return Ok(None);
        };
        let mut value = vec![0; len as usize];
        self.file.seek(SeekFrom::Start(offset))?;
        self.file.read_exact(&mut value)?;
        Ok(Some(value))
    }

    pub fn put(&mut self, key: &[u8], value: &[u8]) -> io::Result<()> {
        self.append(Record {
            key: key.to_vec(),
            value: Some(value.to_vec()),
        })
    }

    /// Removes `key`; returns whether it was there.
    pub fn delete(&mut self, key: &[u8]) -> io::Result<bool> {
        if !self.index.contains_key(key) {
            return Ok(false);
        }
        self.append(Record {
            key: key.to_vec(),
            value: None,
        })?;
        Ok(true)
    }

    /// Makes every write so far durable.
    pub fn sync(&mut self) -> io::Result<()> {
        self.file.sync_data()
    }

    fn append(&mut self, record: Record) -> io::Result<()> {
        let bytes = record::encode(&record);
        self.file.seek(SeekFrom::Start(self.end))?;
        self.file.write_all(&bytes)?;
        apply(&mut self.index, &record, self.end);
        self.end += bytes.len() as u64;
        Ok(())
    }

    /// Rewrites the log with only the live records.
    pub fn compact(&mut self) -> io::Result<()> {
        let tmp_path = self.dir.join(COMPACT);
        let mut tmp = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp_path)?;
        let mut keys: Vec<Vec<u8>> = self.index.keys().cloned().collect();
        keys.sort(); // a deterministic file
        let mut index = HashMap::with_capacity(keys.len());
        let mut end = 0u64;
        for key in keys {
            let value = self.get(&key)?.expect("indexed keys have values");
            let record = Record {
                key,
                value: Some(value),
            };
            let bytes = record::encode(&record);
            tmp.write_all(&bytes)?;
            apply(&mut index, &record, end);
            end += bytes.len() as u64;
        }
        tmp.sync_all()?;
        fs::rename(&tmp_path, self.dir.join(LOG))?;
        // The rename is a change of the directory: sync it too.
        File::open(&self.dir)?.sync_all()?;
        self.file = tmp;
        self.index = index;
        self.end = end;
        Ok(())
    }
}

/// Updates the index for `record`, written at `offset`.
fn apply(index: &mut HashMap<Vec<u8>, (u64, u32)>, record: &Record, offset: u64) {
    match &record.value {
        Some(value) => {
            let value_at = offset + (record::HEADER + record.key.len()) as u64;
            index.insert(record.key.clone(), (value_at, value.len() as u32));
        }
        None => {
            index.remove(&record.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A fresh directory under the system's temporary directory.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new() -> TempDir {
            static N: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "cap_kv_engine-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ));
            let _ = fs::remove_dir_all(&path);
            TempDir(path)
        }
        fn log(&self) -> PathBuf {
            self.0.join(LOG)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn open(dir: &TempDir) -> (Store, Recovery) {
        Store::open(&dir.0).unwrap()
    }

    fn get(store: &mut Store, key: &str) -> Option<String> {
        store
            .get(key.as_bytes())
            .unwrap()
            .map(|v| String::from_utf8(v).unwrap())
    }

    #[test]
    fn put_get_overwrite_delete() {
        let dir = TempDir::new();
        let (mut s, _) = open(&dir);
        s.put(b"a", b"1").unwrap();
        s.put(b"b", b"2").unwrap();
        s.put(b"a", b"3").unwrap();
        assert_eq!(get(&mut s, "a").as_deref(), Some("3"));
        assert!(s.delete(b"b").unwrap());
        assert!(!s.delete(b"b").unwrap());
        assert_eq!(get(&mut s, "b"), None);
        s.put(b"", b"").unwrap();
        assert_eq!(get(&mut s, "").as_deref(), Some(""));
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn data_survives_a_reopen() {
        let dir = TempDir::new();
        {
            let (mut s, _) = open(&dir);
            for i in 0..100 {
                s.put(format!("key{i}").as_bytes(), format!("value{i}").as_bytes())
                    .unwrap();
            }
            s.delete(b"key7").unwrap();
            s.sync().unwrap();
        }
        let (mut s, recovery) = open(&dir);
        assert_eq!(
            recovery,
            Recovery {
                records: 101,
                truncated: 0
            }
        );
        assert_eq!(s.len(), 99);
        assert_eq!(get(&mut s, "key42").as_deref(), Some("value42"));
        assert_eq!(get(&mut s, "key7"), None);
    }

    #[test]
    fn a_torn_write_is_cut_off() {
        let dir = TempDir::new();
        let good_len = {
            let (mut s, _) = open(&dir);
            s.put(b"kept", b"safe").unwrap();
            let good = s.file_len();
            s.put(b"torn", b"this record is cut by a crash").unwrap();
            s.sync().unwrap();
            good
        };
        // The crash: the last record only half reached the disk.
        let full = fs::metadata(dir.log()).unwrap().len();
        let file = OpenOptions::new().write(true).open(dir.log()).unwrap();
        file.set_len(full - 10).unwrap();
        drop(file);

        let (mut s, recovery) = open(&dir);
        assert_eq!(recovery.records, 1);
        assert_eq!(recovery.truncated, full - 10 - good_len);
        assert_eq!(fs::metadata(dir.log()).unwrap().len(), good_len);
        assert_eq!(get(&mut s, "kept").as_deref(), Some("safe"));
        assert_eq!(get(&mut s, "torn"), None);
        // New writes start on a clean boundary and survive the next reopen.
        s.put(b"after", b"crash").unwrap();
        drop(s);
        let (mut s, recovery) = open(&dir);
        assert_eq!(recovery.truncated, 0);
        assert_eq!(get(&mut s, "after").as_deref(), Some("crash"));
    }

    #[test]
    fn a_damaged_record_ends_the_log() {
        let dir = TempDir::new();
        let damaged_at = {
            let (mut s, _) = open(&dir);
            s.put(b"one", b"1").unwrap();
            let at = s.file_len();
            s.put(b"two", b"2").unwrap();
            s.put(b"three", b"3").unwrap();
            at
        };
        let mut bytes = fs::read(dir.log()).unwrap();
        let last = bytes.len() - 1;
        // A flipped byte in the value of "two".
        let value_of_two = damaged_at as usize + record::HEADER + 3;
        bytes[value_of_two] ^= 0x40;
        fs::write(dir.log(), &bytes).unwrap();

        let (mut s, recovery) = open(&dir);
        assert_eq!(recovery.records, 1, "replay stops at the damaged record");
        assert_eq!(recovery.truncated, (last + 1) as u64 - damaged_at);
        assert_eq!(get(&mut s, "one").as_deref(), Some("1"));
        assert_eq!(get(&mut s, "two"), None);
        assert_eq!(get(&mut s, "three"), None);
    }

    #[test]
    fn compaction_keeps_only_live_records() {
        let dir = TempDir::new();
        let (mut s, _) = open(&dir);
        for round in 0..50 {
            for k in 0..10 {
                s.put(
                    format!("k{k}").as_bytes(),
                    format!("round {round}").as_bytes(),
                )
                .unwrap();
            }
        }
        s.delete(b"k3").unwrap();
        let before = s.file_len();
        s.compact().unwrap();
        let after = s.file_len();
        assert!(after * 20 < before, "{before} bytes became {after}");
        assert_eq!(fs::metadata(dir.log()).unwrap().len(), after);
        assert!(!dir.0.join(COMPACT).exists());
        assert_eq!(get(&mut s, "k5").as_deref(), Some("round 49"));
        assert_eq!(get(&mut s, "k3"), None);
        // Writes after a compaction go to the new file.
        s.put(b"k3", b"back").unwrap();
        drop(s);
        let (mut s, recovery) = open(&dir);
        assert_eq!(recovery.records, 10);
        assert_eq!(s.len(), 10);
        assert_eq!(get(&mut s, "k3").as_deref(), Some("back"));
        assert_eq!(get(&mut s, "k9").as_deref(), Some("round 49"));
    }

    #[test]
    fn an_interrupted_compaction_is_ignored() {
        let dir = TempDir::new();
        {
            let (mut s, _) = open(&dir);
            s.put(b"x", b"1").unwrap();
            s.put(b"x", b"2").unwrap();
        }
        // A crash during compaction left half a file behind.
        fs::write(dir.0.join(COMPACT), b"\x01\x02half").unwrap();
        let (mut s, recovery) = open(&dir);
        assert_eq!(recovery.records, 2);
        assert!(!dir.0.join(COMPACT).exists());
        assert_eq!(get(&mut s, "x").as_deref(), Some("2"));
    }
}
