;; CRC-64/Jones (reflected, poly 0xad93d23594c935a9, init 0, no final xor), slicing-by-16 over i64.
;;
;; Source of src/crc64Wasm.ts: after editing, run `node scripts/build-crc64-wasm.mjs` in packages/rdb-parser
;; (crc64Wasm.test.ts fails when the two differ). Used by crc64Utils.ts.
;;
;; Memory layout (2 pages, 128 KiB):
;;   0x00000  16 tables of 256 i64: T_k[b] at k*2048 + b*8, the CRC of byte b followed by k zero bytes
;;            (T_0 is the classic byte table). Built by $init, the start function.
;;   0x08000  the CRC state, i64 (read and written back by $update)
;;   0x10000  the input window, 64 KiB: JS copies each piece of the input here, then calls $update
;;
;; Little-endian loads give the bytes in stream order, which is what a reflected CRC wants: after
;; x = crc ^ load64(p), byte j of x (and byte j of load64(p + 8)) is followed by 15 - j more bytes
;; of this block, so it is looked up in T_(15-j) (in T_(7-j)).
(module
  (memory (export "memory") 2)
  (global (export "STATE") i32 (i32.const 0x8000))
  (global (export "INPUT") i32 (i32.const 0x10000))
  (global (export "INPUT_SIZE") i32 (i32.const 0x10000))

  (func $init
    (local $b i32) (local $i i32) (local $a i32) (local $c i64)
    ;; T_0: bit at a time, reflected polynomial 0x95ac9329ac4bc9b5.
    (loop $bytes
      (local.set $c (i64.extend_i32_u (local.get $b)))
      (local.set $i (i32.const 8))
      (loop $bits
        (local.set $c
          (i64.xor
            (i64.shr_u (local.get $c) (i64.const 1))
            (i64.and
              (i64.const 0x95ac9329ac4bc9b5)
              (i64.sub (i64.const 0) (i64.and (local.get $c) (i64.const 1))))))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br_if $bits (local.get $i)))
      (i64.store (i32.shl (local.get $b) (i32.const 3)) (local.get $c))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br_if $bytes (i32.lt_u (local.get $b) (i32.const 256))))
    ;; T_k[b] = T_0[T_(k-1)[b] & 0xff] ^ (T_(k-1)[b] >> 8): one more zero byte.
    (local.set $a (i32.const 2048))
    (loop $entries
      (local.set $c (i64.load (i32.sub (local.get $a) (i32.const 2048))))
      (i64.store (local.get $a)
        (i64.xor
          (i64.load (i32.shl (i32.and (i32.wrap_i64 (local.get $c)) (i32.const 0xff)) (i32.const 3)))
          (i64.shr_u (local.get $c) (i64.const 8))))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (br_if $entries (i32.lt_u (local.get $a) (i32.const 0x8000)))))
  (start $init)

  ;; Feeds memory[p, p + n) into the state at 0x8000.
  (func (export "update") (param $p i32) (param $n i32)
    (local $crc i64) (local $x i64) (local $y i64)
    (local $x0 i32) (local $x1 i32) (local $y0 i32) (local $y1 i32)
    (local $end i32)
    (local.set $crc (i64.load (i32.const 0x8000)))
    (local.set $end (i32.add (local.get $p) (local.get $n)))

    ;; 16 bytes per iteration. An index is byte * 8: (half >> (8j - 3)) & 0x7f8.
    (block $done16
      (br_if $done16 (i32.lt_u (local.get $n) (i32.const 16)))
      (loop $blocks16
        (local.set $x (i64.xor (local.get $crc) (i64.load (local.get $p))))
        (local.set $y (i64.load offset=8 (local.get $p)))
        (local.set $x0 (i32.wrap_i64 (local.get $x)))
        (local.set $x1 (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32))))
        (local.set $y0 (i32.wrap_i64 (local.get $y)))
        (local.set $y1 (i32.wrap_i64 (i64.shr_u (local.get $y) (i64.const 32))))
        ;; The y half does not depend on the state: XOR it apart so that the chain through $crc is short.
        (local.set $crc
          (i64.xor
            (i64.xor
              (i64.xor
                (i64.xor
                  (i64.load offset=0x7800 (i32.and (i32.shl (local.get $x0) (i32.const 3)) (i32.const 0x7f8)))
                  (i64.load offset=0x7000 (i32.and (i32.shr_u (local.get $x0) (i32.const 5)) (i32.const 0x7f8))))
                (i64.xor
                  (i64.load offset=0x6800 (i32.and (i32.shr_u (local.get $x0) (i32.const 13)) (i32.const 0x7f8)))
                  (i64.load offset=0x6000 (i32.and (i32.shr_u (local.get $x0) (i32.const 21)) (i32.const 0x7f8)))))
              (i64.xor
                (i64.xor
                  (i64.load offset=0x5800 (i32.and (i32.shl (local.get $x1) (i32.const 3)) (i32.const 0x7f8)))
                  (i64.load offset=0x5000 (i32.and (i32.shr_u (local.get $x1) (i32.const 5)) (i32.const 0x7f8))))
                (i64.xor
                  (i64.load offset=0x4800 (i32.and (i32.shr_u (local.get $x1) (i32.const 13)) (i32.const 0x7f8)))
                  (i64.load offset=0x4000 (i32.and (i32.shr_u (local.get $x1) (i32.const 21)) (i32.const 0x7f8))))))
            (i64.xor
              (i64.xor
                (i64.xor
                  (i64.load offset=0x3800 (i32.and (i32.shl (local.get $y0) (i32.const 3)) (i32.const 0x7f8)))
                  (i64.load offset=0x3000 (i32.and (i32.shr_u (local.get $y0) (i32.const 5)) (i32.const 0x7f8))))
                (i64.xor
                  (i64.load offset=0x2800 (i32.and (i32.shr_u (local.get $y0) (i32.const 13)) (i32.const 0x7f8)))
                  (i64.load offset=0x2000 (i32.and (i32.shr_u (local.get $y0) (i32.const 21)) (i32.const 0x7f8)))))
              (i64.xor
                (i64.xor
                  (i64.load offset=0x1800 (i32.and (i32.shl (local.get $y1) (i32.const 3)) (i32.const 0x7f8)))
                  (i64.load offset=0x1000 (i32.and (i32.shr_u (local.get $y1) (i32.const 5)) (i32.const 0x7f8))))
                (i64.xor
                  (i64.load offset=0x0800 (i32.and (i32.shr_u (local.get $y1) (i32.const 13)) (i32.const 0x7f8)))
                  (i64.load offset=0x0000 (i32.and (i32.shr_u (local.get $y1) (i32.const 21)) (i32.const 0x7f8))))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $blocks16 (i32.ge_u (i32.sub (local.get $end) (local.get $p)) (i32.const 16)))))

    ;; One 8-byte block (slicing-by-8 with T_7..T_0) if at least 8 bytes remain.
    (if (i32.ge_u (i32.sub (local.get $end) (local.get $p)) (i32.const 8))
      (then
        (local.set $x (i64.xor (local.get $crc) (i64.load (local.get $p))))
        (local.set $x0 (i32.wrap_i64 (local.get $x)))
        (local.set $x1 (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32))))
        (local.set $crc
          (i64.xor
            (i64.xor
              (i64.xor
                (i64.load offset=0x3800 (i32.and (i32.shl (local.get $x0) (i32.const 3)) (i32.const 0x7f8)))
                (i64.load offset=0x3000 (i32.and (i32.shr_u (local.get $x0) (i32.const 5)) (i32.const 0x7f8))))
              (i64.xor
                (i64.load offset=0x2800 (i32.and (i32.shr_u (local.get $x0) (i32.const 13)) (i32.const 0x7f8)))
                (i64.load offset=0x2000 (i32.and (i32.shr_u (local.get $x0) (i32.const 21)) (i32.const 0x7f8)))))
            (i64.xor
              (i64.xor
                (i64.load offset=0x1800 (i32.and (i32.shl (local.get $x1) (i32.const 3)) (i32.const 0x7f8)))
                (i64.load offset=0x1000 (i32.and (i32.shr_u (local.get $x1) (i32.const 5)) (i32.const 0x7f8))))
              (i64.xor
                (i64.load offset=0x0800 (i32.and (i32.shr_u (local.get $x1) (i32.const 13)) (i32.const 0x7f8)))
                (i64.load offset=0x0000 (i32.and (i32.shr_u (local.get $x1) (i32.const 21)) (i32.const 0x7f8)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))))

    ;; The last 0..7 bytes, one at a time.
    (block $done1
      (br_if $done1 (i32.ge_u (local.get $p) (local.get $end)))
      (loop $bytes
        (local.set $crc
          (i64.xor
            (i64.load
              (i32.shl
                (i32.and
                  (i32.xor (i32.wrap_i64 (local.get $crc)) (i32.load8_u (local.get $p)))
                  (i32.const 0xff))
                (i32.const 3)))
            (i64.shr_u (local.get $crc) (i64.const 8))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $bytes (i32.lt_u (local.get $p) (local.get $end)))))

    (i64.store (i32.const 0x8000) (local.get $crc)))
)
