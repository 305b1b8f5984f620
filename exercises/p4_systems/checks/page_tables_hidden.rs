//! Tutor-owned tests for `page_tables`: other addresses and TLB traps.

#[path = "../page_tables.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;

    #[test]
    fn hidden_walks() {
        let mut mmu = Mmu::new();
        mmu.map(0xC000_0000, 0x12345, WRITABLE).unwrap();
        assert_eq!(
            mmu.translate(0xC000_0FFF, Access::KERNEL_WRITE),
            Ok(0x1234_5FFF)
        );
        assert_eq!(
            mmu.translate(0xC000_1000, Access::KERNEL_READ),
            Err(Fault::NotPresent { vaddr: 0xC000_1000 })
        );
        assert_eq!(
            mmu.translate(0xC000_0000, Access::USER_READ),
            Err(Fault::Protection { vaddr: 0xC000_0000 })
        );
        assert_eq!(mmu.flags(0xC000_0000).unwrap() & DIRTY, DIRTY);
    }

    #[test]
    fn hidden_tlb_follows_changes() {
        let mut mmu = Mmu::new();
        mmu.map(0x1000, 1, USER).unwrap();
        assert_eq!(mmu.translate(0x1000, Access::USER_READ), Ok(0x1000));
        mmu.protect(0x1000, 0).unwrap();
        assert_eq!(
            mmu.translate(0x1000, Access::USER_READ),
            Err(Fault::Protection { vaddr: 0x1000 })
        );
        mmu.unmap(0x1000).unwrap();
        mmu.map(0x1000, 2, USER).unwrap();
        assert_eq!(
            mmu.translate(0x1000, Access::USER_READ),
            Ok(0x2000),
            "remapped"
        );
        let hits = mmu.tlb_hits;
        mmu.translate(0x1004, Access::USER_READ).unwrap();
        assert_eq!(mmu.tlb_hits, hits + 1);
    }

    #[test]
    fn hidden_huge_pages() {
        let mut mmu = Mmu::new();
        mmu.map_huge(0xFFC0_0000, 0xFFC00, USER).unwrap();
        assert_eq!(
            mmu.translate(0xFFFF_FFFF, Access::USER_READ),
            Ok(0xFFFF_FFFF)
        );
        mmu.translate(0xFFC0_0000, Access::USER_READ).unwrap();
        mmu.protect(0xFFC0_0000, 0).unwrap();
        assert_eq!(
            mmu.translate(0xFFFF_F000, Access::USER_READ),
            Err(Fault::Protection { vaddr: 0xFFFF_F000 }),
            "a protected huge page is stale in the TLB under every page number"
        );
        assert_eq!(
            mmu.map_huge(0xFFC0_0000, 0, 0),
            Err(MapError::AlreadyMapped)
        );
    }
}
