//! Virtual memory: the two-level page table of 32-bit x86, in software.
//!
//! A kernel's memory manager writes these tables and the MMU walks them on
//! every access. Here both sides are yours. A 32-bit virtual address splits as
//! `[directory index: 10 bits | table index: 10 bits | offset: 12 bits]`;
//! each entry is a `u32` holding a frame number (bits 12..32) and flags.
//! Physical memory is simulated: `Mmu::frames` holds the page-table frames.
//!
//! Implement:
//! - `translate(vaddr, access)`: walk the directory and the table; fault with
//!   `NotPresent` on a missing entry, `Protection` when a write hits a page
//!   without `WRITABLE` or user code touches a page without `USER` (both
//!   levels must allow it); set `ACCESSED` on every translation and `DIRTY` on
//!   writes; a directory entry with `HUGE` maps a 4 MiB page directly
//!   (22-bit offset);
//! - the TLB: a successful translation is cached by virtual page number, and
//!   a cached page is translated without a walk (`tlb_hits` counts them). Like
//!   the `invlpg` instruction, `unmap` and `protect` must drop stale entries;
//! - `map_huge`: both the address and the frame must be 4 MiB aligned.

use std::collections::HashMap;

pub const PRESENT: u32 = 1 << 0;
pub const WRITABLE: u32 = 1 << 1;
pub const USER: u32 = 1 << 2;
pub const ACCESSED: u32 = 1 << 5;
pub const DIRTY: u32 = 1 << 6;
pub const HUGE: u32 = 1 << 7;

const FLAGS: u32 = 0xFFF;
pub const PAGE_SIZE: u32 = 4096;
pub const HUGE_PAGE_SIZE: u32 = 4096 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    pub write: bool,
    pub user: bool,
}

impl Access {
    pub const KERNEL_READ: Access = Access {
        write: false,
        user: false,
    };
    pub const KERNEL_WRITE: Access = Access {
        write: true,
        user: false,
    };
    pub const USER_READ: Access = Access {
        write: false,
        user: true,
    };
    pub const USER_WRITE: Access = Access {
        write: true,
        user: true,
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    NotPresent { vaddr: u32 },
    Protection { vaddr: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapError {
    Unaligned,
    AlreadyMapped,
    NotMapped,
}

/// Index of the directory entry, of the table entry, and the page offset.
pub fn split(vaddr: u32) -> (usize, usize, u32) {
    (
        (vaddr >> 22) as usize,
        ((vaddr >> 12) & 0x3FF) as usize,
        vaddr & 0xFFF,
    )
}

pub struct Mmu {
    /// Frames holding page tables; frame 0 is the page directory.
    pub frames: Vec<Box<[u32; 1024]>>,
    /// Virtual page number → the page's leaf entry as it was when cached.
    tlb: HashMap<u32, u32>,
    pub tlb_hits: u64,
}

impl Default for Mmu {
    fn default() -> Self {
        Mmu::new()
    }
}

impl Mmu {
    pub fn new() -> Mmu {
        Mmu {
            frames: vec![Box::new([0; 1024])],
            tlb: HashMap::new(),
            tlb_hits: 0,
        }
    }

    fn directory(&mut self) -> &mut [u32; 1024] {
        &mut self.frames[0]
    }

    /// The table frame for `dir`, allocated on first use.
    fn table_for(&mut self, dir: usize) -> Result<usize, MapError> {
        let pde = self.directory()[dir];
        if pde & PRESENT != 0 {
            if pde & HUGE != 0 {
                return Err(MapError::AlreadyMapped);
            }
            return Ok((pde >> 12) as usize);
        }
        self.frames.push(Box::new([0; 1024]));
        let frame = (self.frames.len() - 1) as u32;
        // Directory entries allow everything; the leaf entries restrict.
        self.directory()[dir] = (frame << 12) | PRESENT | WRITABLE | USER;
        Ok(frame as usize)
    }

    /// Maps the 4 KiB page at `vaddr` to physical frame `frame`.
    pub fn map(&mut self, vaddr: u32, frame: u32, flags: u32) -> Result<(), MapError> {
        if !vaddr.is_multiple_of(PAGE_SIZE) {
            return Err(MapError::Unaligned);
        }
        let (dir, idx, _) = split(vaddr);
        let table = self.table_for(dir)?;
        let pte = &mut self.frames[table][idx];
        if *pte & PRESENT != 0 {
            return Err(MapError::AlreadyMapped);
        }
        *pte = (frame << 12) | (flags & FLAGS & !HUGE) | PRESENT;
        Ok(())
    }

    /// Maps the 4 MiB page at `vaddr` to the 1024 frames starting at `frame`.
    pub fn map_huge(&mut self, vaddr: u32, frame: u32, flags: u32) -> Result<(), MapError> {
        todo!("map the huge page {vaddr:#x} to frame {frame} with flags {flags:#x}")
    }

    /// The leaf entry for `vaddr`: a table entry, or a huge directory entry.
    fn leaf(&mut self, vaddr: u32) -> Option<&mut u32> {
        let (dir, idx, _) = split(vaddr);
        let pde = self.frames[0][dir];
        if pde & PRESENT == 0 {
            return None;
        }
        if pde & HUGE != 0 {
            return Some(&mut self.frames[0][dir]);
        }
        let pte = &mut self.frames[(pde >> 12) as usize][idx];
        (*pte & PRESENT != 0).then_some(pte)
    }

    /// Removes the mapping of the page at `vaddr`; returns its frame.
    pub fn unmap(&mut self, vaddr: u32) -> Result<u32, MapError> {
        let entry = self.leaf(vaddr).ok_or(MapError::NotMapped)?;
        let frame = *entry >> 12;
        *entry = 0;
        Ok(frame)
    }

    /// Replaces the permission flags of the page at `vaddr`.
    pub fn protect(&mut self, vaddr: u32, flags: u32) -> Result<(), MapError> {
        let entry = self.leaf(vaddr).ok_or(MapError::NotMapped)?;
        let keep = PRESENT | HUGE | ACCESSED | DIRTY;
        *entry = (*entry & (!FLAGS | keep)) | (flags & (WRITABLE | USER));
        Ok(())
    }

    /// The flags of the leaf entry that maps `vaddr`, if any.
    pub fn flags(&mut self, vaddr: u32) -> Option<u32> {
        self.leaf(vaddr).map(|e| *e & FLAGS)
    }

    pub fn translate(&mut self, vaddr: u32, access: Access) -> Result<u32, Fault> {
        // TODO: the TLB, the walk, the permission checks, ACCESSED and DIRTY.
        todo!("translate {vaddr:#x} for {access:?}")
    }
}

fn main() {
    let mut mmu = Mmu::new();
    mmu.map(0x0040_3000, 7, WRITABLE | USER).unwrap();
    println!("{:#x?}", mmu.translate(0x0040_3abc, Access::USER_WRITE));
    println!("{:x?}", mmu.translate(0x0040_4000, Access::USER_READ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_split() {
        assert_eq!(split(0x0040_3ABC), (1, 3, 0xABC));
        assert_eq!(split(0xFFFF_FFFF), (1023, 1023, 0xFFF));
    }

    #[test]
    fn translation_keeps_the_offset() {
        let mut mmu = Mmu::new();
        mmu.map(0x0040_3000, 7, WRITABLE).unwrap();
        assert_eq!(mmu.translate(0x0040_3ABC, Access::KERNEL_READ), Ok(0x7ABC));
        assert_eq!(mmu.translate(0x0040_3000, Access::KERNEL_WRITE), Ok(0x7000));
        mmu.map(0xFFFF_F000, 0xFFFFF, 0).unwrap();
        assert_eq!(
            mmu.translate(0xFFFF_FFFF, Access::KERNEL_READ),
            Ok(0xFFFF_FFFF)
        );
    }

    #[test]
    fn missing_pages_fault() {
        let mut mmu = Mmu::new();
        assert_eq!(
            mmu.translate(0x1234, Access::KERNEL_READ),
            Err(Fault::NotPresent { vaddr: 0x1234 })
        );
        mmu.map(0x0000_1000, 1, 0).unwrap();
        assert_eq!(
            mmu.translate(0x0000_2000, Access::KERNEL_READ),
            Err(Fault::NotPresent { vaddr: 0x2000 }),
            "same table, other page"
        );
    }

    #[test]
    fn permissions() {
        let mut mmu = Mmu::new();
        mmu.map(0x1000, 1, 0).unwrap(); // kernel, read-only
        mmu.map(0x2000, 2, USER).unwrap(); // user, read-only
        mmu.map(0x3000, 3, USER | WRITABLE).unwrap();
        let prot = |vaddr| Err(Fault::Protection { vaddr });
        assert_eq!(mmu.translate(0x1000, Access::KERNEL_WRITE), prot(0x1000));
        assert_eq!(mmu.translate(0x1000, Access::USER_READ), prot(0x1000));
        assert_eq!(mmu.translate(0x2000, Access::USER_READ), Ok(0x2000));
        assert_eq!(mmu.translate(0x2000, Access::USER_WRITE), prot(0x2000));
        assert_eq!(mmu.translate(0x2000, Access::KERNEL_READ), Ok(0x2000));
        assert_eq!(mmu.translate(0x3000, Access::USER_WRITE), Ok(0x3000));
    }

    #[test]
    fn mapping_rules_and_table_allocation() {
        let mut mmu = Mmu::new();
        assert_eq!(mmu.map(0x1001, 1, 0), Err(MapError::Unaligned));
        mmu.map(0x0040_0000, 1, 0).unwrap();
        mmu.map(0x0040_1000, 2, 0).unwrap();
        assert_eq!(mmu.frames.len(), 2, "one directory and one shared table");
        assert_eq!(mmu.map(0x0040_1000, 3, 0), Err(MapError::AlreadyMapped));
        mmu.map(0x0080_0000, 3, 0).unwrap();
        assert_eq!(mmu.frames.len(), 3);
    }

    #[test]
    fn accessed_and_dirty_bits() {
        let mut mmu = Mmu::new();
        mmu.map(0x5000, 5, WRITABLE).unwrap();
        assert_eq!(mmu.flags(0x5000).unwrap() & (ACCESSED | DIRTY), 0);
        mmu.translate(0x5010, Access::KERNEL_READ).unwrap();
        assert_eq!(mmu.flags(0x5000).unwrap() & (ACCESSED | DIRTY), ACCESSED);
        mmu.translate(0x5020, Access::KERNEL_WRITE).unwrap();
        assert_eq!(
            mmu.flags(0x5000).unwrap() & (ACCESSED | DIRTY),
            ACCESSED | DIRTY,
            "a write after a cached read must still set DIRTY"
        );
    }

    #[test]
    fn huge_pages() {
        let mut mmu = Mmu::new();
        assert_eq!(mmu.map_huge(0x0040_1000, 1024, 0), Err(MapError::Unaligned));
        assert_eq!(mmu.map_huge(0x0080_0000, 1000, 0), Err(MapError::Unaligned));
        mmu.map_huge(0x0080_0000, 2048, WRITABLE).unwrap();
        assert_eq!(
            mmu.translate(0x0081_2345, Access::KERNEL_WRITE),
            Ok(0x0081_2345 - 0x0080_0000 + 2048 * 4096)
        );
        assert_eq!(mmu.frames.len(), 1, "no table for a huge page");
        assert_eq!(mmu.map(0x0080_1000, 9, 0), Err(MapError::AlreadyMapped));
        assert_eq!(
            mmu.translate(0x0081_2345, Access::USER_READ),
            Err(Fault::Protection { vaddr: 0x0081_2345 })
        );
    }

    #[test]
    fn the_tlb_caches_translations() {
        let mut mmu = Mmu::new();
        mmu.map(0x7000, 70, 0).unwrap();
        mmu.translate(0x7000, Access::KERNEL_READ).unwrap();
        assert_eq!(mmu.tlb_hits, 0);
        assert_eq!(
            mmu.translate(0x7FFF, Access::KERNEL_READ),
            Ok(70 * 4096 + 0xFFF)
        );
        assert_eq!(mmu.tlb_hits, 1);
    }

    #[test]
    fn unmap_and_protect_invalidate_the_tlb() {
        let mut mmu = Mmu::new();
        mmu.map(0x9000, 9, WRITABLE | USER).unwrap();
        mmu.translate(0x9000, Access::USER_WRITE).unwrap();
        mmu.protect(0x9000, USER).unwrap();
        assert_eq!(
            mmu.translate(0x9000, Access::USER_WRITE),
            Err(Fault::Protection { vaddr: 0x9000 })
        );
        assert_eq!(mmu.unmap(0x9000), Ok(9));
        assert_eq!(
            mmu.translate(0x9004, Access::USER_READ),
            Err(Fault::NotPresent { vaddr: 0x9004 })
        );
        assert_eq!(mmu.unmap(0x9000), Err(MapError::NotMapped));
        mmu.map_huge(0x0040_0000, 1024, 0).unwrap();
        mmu.translate(0x0055_0000, Access::KERNEL_READ).unwrap();
        mmu.unmap(0x0040_0000).unwrap();
        assert_eq!(
            mmu.translate(0x0055_0000, Access::KERNEL_READ),
            Err(Fault::NotPresent { vaddr: 0x0055_0000 })
        );
    }
}
