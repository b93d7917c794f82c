//! Differential tests of the 8- and 16-bit dtypes and the bit ops on PJRT
//! CPU: casts between every pair of dtypes (fp8 saturation, integer wrap,
//! float → integer saturation), and/or/xor/not, shifts past the width,
//! bitcasts, wrapping narrow arithmetic and reductions, and a GGUF-style
//! dequantization (bytes → f16 scale → f32), all bit for bit against the
//! interpreter.

mod common;

use common::{check, Cmp};
use tilekit_random_programs::narrow_cases;

#[test]
fn casts_between_every_pair_of_dtypes_pjrt_cpu() {
    for (vk, args) in narrow_cases::casts() {
        check(&vk, &args, Cmp::Exact);
    }
}

#[test]
fn bit_ops_and_wrapping_arithmetic_on_narrow_integers_pjrt_cpu() {
    for (vk, args) in narrow_cases::bit_ops_and_wrapping_arithmetic() {
        check(&vk, &args, Cmp::Exact);
    }
}

#[test]
fn shifts_past_the_width_and_of_negative_values_pjrt_cpu() {
    for (vk, args) in narrow_cases::shifts() {
        check(&vk, &args, Cmp::Exact);
    }
}

#[test]
fn bitcasts_between_equal_widths_pjrt_cpu() {
    for (vk, args) in narrow_cases::bitcasts() {
        check(&vk, &args, Cmp::Exact);
    }
}

#[test]
fn narrow_integer_reductions_pjrt_cpu() {
    for (vk, args) in narrow_cases::narrow_reductions() {
        check(&vk, &args, Cmp::Exact);
    }
}

#[test]
fn gguf_q4_1_block_decodes_like_the_interpreter_pjrt_cpu() {
    for (vk, args) in narrow_cases::gguf_q4_1_block() {
        check(&vk, &args, Cmp::Exact);
    }
}
