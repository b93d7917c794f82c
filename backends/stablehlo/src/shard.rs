//! A sharded program's `main` ([`tilekit_core::program::Sharding`]), as
//! JAX lowers `shard_map`: the whole program body is one manual-sharding
//! region. Each parameter arrives whole, annotated with how it is laid out
//! over the devices (`mhlo.sharding`: split along one axis, or
//! replicated); `@Sharding` + `@SPMDFullToShardShape` hand the body each
//! device's slice, the body runs the recorded (one-device) calls on those
//! slices, each all-reduce call becomes a `stablehlo.all_reduce` over all
//! devices, and `@Sharding` + `@SPMDShardToFullShape` reassemble the
//! results. XLA's SPMD partitioner then compiles one program per device
//! with no sharding left to infer, so the kernels run exactly as recorded
//! on their slices (GSPMD propagation through the kernels' gathers and
//! loops would be free to all-gather a split KV cache instead).
//!
//! Shardings use the explicit device-list form (`{devices=[1,3]0,1,2}`),
//! which every XLA that reads `mhlo.sharding` parses.

use crate::types::{Ty, V};

/// The `mhlo.sharding` of a rank-`rank` tensor split along `axis` over
/// `devices` (device `d` holding slice `d`), or replicated.
pub(crate) fn sharding_attr(devices: usize, rank: usize, axis: Option<usize>) -> String {
    let Some(axis) = axis else {
        return "{replicated}".into();
    };
    let tiles: Vec<String> = (0..rank)
        .map(|i| if i == axis { devices } else { 1 }.to_string())
        .collect();
    let ids: Vec<String> = (0..devices).map(|d| d.to_string()).collect();
    format!("{{devices=[{}]{}}}", tiles.join(","), ids.join(","))
}

/// Module attributes of a program over `devices` partitions.
pub(crate) fn module_attrs(devices: usize) -> String {
    format!(" attributes {{mhlo.num_partitions = {devices} : i32, mhlo.num_replicas = 1 : i32}}")
}

/// Emits the entry of whole value `v` (laid out as `attr`) into the manual
/// region as one device's slice of type `local`.
pub(crate) fn enter(body: &mut String, v: &V, local: Ty, attr: &str, tag: &str) -> V {
    let (s, l) = (format!("%shard_in{tag}"), format!("%local{tag}"));
    body.push_str(&format!(
        "    {s} = stablehlo.custom_call @Sharding({}) {{mhlo.sharding = \"{attr}\"}} : ({}) -> {}\n",
        v.name, v.ty, v.ty
    ));
    body.push_str(&format!(
        "    {l} = stablehlo.custom_call @SPMDFullToShardShape({s}) {{mhlo.sharding = \"{{manual}}\"}} : ({}) -> {local}\n",
        v.ty
    ));
    V { name: l, ty: local }
}

/// Emits the exit of one device's value `v` from the manual region as the
/// whole tensor of type `full`, laid out as `attr`.
pub(crate) fn leave(body: &mut String, v: &V, full: Ty, attr: &str, tag: &str) -> V {
    let (m, f) = (format!("%shard_out{tag}"), format!("%full{tag}"));
    body.push_str(&format!(
        "    {m} = stablehlo.custom_call @Sharding({}) {{mhlo.sharding = \"{{manual}}\"}} : ({}) -> {}\n",
        v.name, v.ty, v.ty
    ));
    body.push_str(&format!(
        "    {f} = stablehlo.custom_call @SPMDShardToFullShape({m}) {{mhlo.sharding = \"{attr}\"}} : ({}) -> {full}\n",
        v.ty
    ));
    V { name: f, ty: full }
}

/// Emits the sum of f32 `x` over all `devices` (one group of every
/// device, by global device id), on channel `channel` (unique per
/// collective in the module, counted from 1).
pub(crate) fn all_reduce(body: &mut String, x: &V, devices: usize, channel: usize) -> V {
    let name = format!("%all_reduce{channel}");
    let ids: Vec<String> = (0..devices).map(|d| d.to_string()).collect();
    body.push_str(&format!(
        "    {name} = \"stablehlo.all_reduce\"({x}) ({{\n      ^bb0(%ar_a{channel}: tensor<f32>, %ar_b{channel}: tensor<f32>):\n        %ar_s{channel} = stablehlo.add %ar_a{channel}, %ar_b{channel} : tensor<f32>\n        stablehlo.return %ar_s{channel} : tensor<f32>\n    }}) {{channel_handle = #stablehlo.channel_handle<handle = {channel}, type = 1>, replica_groups = dense<[[{}]]> : tensor<1x{devices}xi64>, use_global_device_ids}} : ({ty}) -> {ty}\n",
        ids.join(", "),
        x = x.name,
        ty = x.ty
    ));
    V {
        name,
        ty: x.ty.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shardings_name_every_device() {
        assert_eq!(sharding_attr(3, 2, Some(1)), "{devices=[1,3]0,1,2}");
        assert_eq!(sharding_attr(2, 4, Some(2)), "{devices=[1,1,2,1]0,1}");
        assert_eq!(sharding_attr(3, 2, None), "{replicated}");
    }
}
