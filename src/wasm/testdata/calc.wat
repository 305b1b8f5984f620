;; A module that behaves: a bump allocator, functions over numbers, buffers and strings, and
;; functions that misbehave on purpose (trap, spin, hog memory, return unreadable strings).
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "\ff\fe")
  (global $next (mut i32) (i32.const 1024))
  ;; What rustc's linker exports next to a cdylib's own functions.
  (global (export "__data_end") i32 (i32.const 1024))
  (global (export "__heap_base") i32 (i32.const 1024))

  ;; Bump allocation: never frees, aligns as asked.
  (func (export "alloc") (param $size i32) (param $align i32) (result i32)
    (local $p i32)
    (local.set $p
      (i32.and
        (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get $align))))
    (global.set $next (i32.add (local.get $p) (local.get $size)))
    (local.get $p))
  (func (export "dealloc") (param i32 i32 i32))
  ;; Traps as an allocator does on a double free.
  (func (export "broken_dealloc") (param i32 i32 i32) unreachable)

  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))

  ;; The sum of `len` i32 values at `ptr`, as i64.
  (func (export "sum") (param $ptr i32) (param $len i32) (result i64)
    (local $acc i64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $acc
          (i64.add (local.get $acc) (i64.extend_i32_s (i32.load (local.get $ptr)))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 4)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; Multiplies `len` i32 values at `ptr` by `k`, in place.
  (func (export "scale") (param $ptr i32) (param $len i32) (param $k i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (local.get $ptr) (i32.mul (i32.load (local.get $ptr)) (local.get $k)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 4)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next))))

  ;; Returns the string it was given, packed as (ptr << 32) | len.
  (func (export "echo") (param $ptr i32) (param $len i32) (result i64)
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
      (i64.extend_i32_u (local.get $len))))

  ;; Returns the string it was given through a return pointer.
  (func (export "echo_retptr") (param $ret i32) (param $ptr i32) (param $len i32)
    (i32.store (local.get $ret) (local.get $ptr))
    (i32.store offset=4 (local.get $ret) (local.get $len)))

  ;; A string that ends past the memory: pointer 32768, length 65536.
  (func (export "bad_string") (result i64)
    (i64.const 0x8000_0001_0000))
  ;; Two bytes that are not UTF-8, at 16.
  (func (export "bad_utf8") (result i64)
    (i64.const 0x10_0000_0002))

  (func (export "minus_one") (result i32) (i32.const -1))
  (func (export "big") (result i64) (i64.const 9007199254740993))
  (func (export "half") (result f64) (f64.const 0.5))

  (func (export "boom") unreachable)
  (func (export "spin") (loop $forever (br $forever)))
  (func (export "divide") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))

  ;; Grows the memory a page at a time until refused, then traps as a failed allocation does.
  (func (export "hog")
    (block $refused
      (loop $more
        (br_if $refused (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $more)))
    unreachable)
)
