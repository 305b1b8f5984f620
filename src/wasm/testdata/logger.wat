;; A module that calls back into the host.
(module
  (import "env" "log" (func $log (param i32 i32)))
  (import "env" "next" (func $next (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello")
  (data (i32.const 32) "\ff")

  (func (export "greet") (call $log (i32.const 16) (i32.const 5)))
  (func (export "greet_twice")
    (call $log (i32.const 16) (i32.const 5))
    (call $log (i32.const 16) (i32.const 4)))
  (func (export "twice") (result i32) (i32.add (call $next) (call $next)))
  (func (export "quiet"))
  (func (export "log_past_the_end") (call $log (i32.const 65530) (i32.const 100)))
  (func (export "log_not_utf8") (call $log (i32.const 32) (i32.const 1)))
)
