//! Tutor-owned board support shared by the embedded exercises and their check
//! programs. It is `no_std`, so it builds for the board and for the host alike.
#![no_std]

pub mod sensors;
