//! What the core's unit tests share: an open file in memory that can lie about its size.

use crate::error::Error;
use crate::file::OpenFile;
use crate::walk::{Kind, Stat};

/// An open file of `data` whose stats answer `sizes` in turn (the last one again once they
/// run out), to fake a file that changes size while it is read.
pub struct MemoryFile {
    pub kind: Kind,
    pub sizes: Vec<u64>,
    pub data: Vec<u8>,
    pub at: usize,
}

impl MemoryFile {
    /// A regular file of `data` whose stats claim `size` bytes.
    pub fn claiming(data: Vec<u8>, size: u64) -> MemoryFile {
        MemoryFile::scripted(Kind::File, &[size], data)
    }

    /// A file of `kind` whose stats answer `sizes` in turn.
    pub fn scripted(kind: Kind, sizes: &[u64], data: Vec<u8>) -> MemoryFile {
        MemoryFile {
            kind,
            sizes: sizes.to_vec(),
            data,
            at: 0,
        }
    }
}

impl OpenFile for MemoryFile {
    fn stat(&mut self) -> Result<Stat, Error> {
        let size = if self.sizes.len() > 1 {
            self.sizes.remove(0)
        } else {
            self.sizes[0]
        };
        Ok(Stat {
            kind: self.kind,
            size,
            id: (0, 0),
        })
    }
    fn read(&mut self, buffer: &mut [u8]) -> Result<usize, Error> {
        let n = buffer.len().min(self.data.len().saturating_sub(self.at));
        buffer[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
    fn seek(&mut self, offset: u64) -> Result<(), Error> {
        self.at = offset as usize;
        Ok(())
    }
}
