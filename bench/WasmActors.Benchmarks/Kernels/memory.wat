;; Memory-heavy loop: fill a 1 MiB array of i32, then a prefix-sum pass over it, $n times.
(module
  (memory 16)
  (func (export "run") (param $n i32) (result i32)
    (local $pass i32) (local $i i32) (local $sum i32)
    (block $passes_done
      (loop $pass_loop
        (br_if $passes_done (i32.ge_u (local.get $pass) (local.get $n)))
        (local.set $i (i32.const 0))
        (block $fill_done
          (loop $fill
            (br_if $fill_done (i32.ge_u (local.get $i) (i32.const 1048576)))
            (i32.store (local.get $i) (i32.add (local.get $i) (local.get $pass)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $fill)))
        (local.set $i (i32.const 4))
        (block $scan_done
          (loop $scan
            (br_if $scan_done (i32.ge_u (local.get $i) (i32.const 1048576)))
            (i32.store (local.get $i)
              (i32.add (i32.load (local.get $i)) (i32.load (i32.sub (local.get $i) (i32.const 4)))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $scan)))
        (local.set $sum (i32.add (local.get $sum) (i32.load (i32.const 1048572))))
        (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
        (br $pass_loop)))
    (local.get $sum)))
