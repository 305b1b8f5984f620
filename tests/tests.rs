//! The integration tests: one binary, one module per area.

mod watch_e2e;
