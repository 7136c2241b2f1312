;; Float kernel: Mandelbrot escape counts over an n x n grid (f64 arithmetic and compares).
(module
  (func (export "run") (param $n i32) (result i32)
    (local $x i32) (local $y i32) (local $k i32) (local $total i32)
    (local $cr f64) (local $ci f64) (local $zr f64) (local $zi f64) (local $t f64)
    (block $y_done
      (loop $y_loop
        (br_if $y_done (i32.ge_u (local.get $y) (local.get $n)))
        (local.set $x (i32.const 0))
        (block $x_done
          (loop $x_loop
            (br_if $x_done (i32.ge_u (local.get $x) (local.get $n)))
            (local.set $cr (f64.sub (f64.div (f64.mul (f64.convert_i32_u (local.get $x)) (f64.const 3)) (f64.convert_i32_u (local.get $n))) (f64.const 2)))
            (local.set $ci (f64.sub (f64.div (f64.mul (f64.convert_i32_u (local.get $y)) (f64.const 2)) (f64.convert_i32_u (local.get $n))) (f64.const 1)))
            (local.set $zr (f64.const 0))
            (local.set $zi (f64.const 0))
            (local.set $k (i32.const 0))
            (block $escaped
              (loop $iterate
                (br_if $escaped (i32.ge_u (local.get $k) (i32.const 100)))
                (br_if $escaped (f64.gt (f64.add (f64.mul (local.get $zr) (local.get $zr)) (f64.mul (local.get $zi) (local.get $zi))) (f64.const 4)))
                (local.set $t (f64.add (f64.sub (f64.mul (local.get $zr) (local.get $zr)) (f64.mul (local.get $zi) (local.get $zi))) (local.get $cr)))
                (local.set $zi (f64.add (f64.mul (f64.mul (f64.const 2) (local.get $zr)) (local.get $zi)) (local.get $ci)))
                (local.set $zr (local.get $t))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $iterate)))
            (local.set $total (i32.add (local.get $total) (local.get $k)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $x_loop)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $y_loop)))
    (local.get $total)))
