//! Device buffers: host tensors of every tilekit dtype copied to the device
//! and back. Data is dense row-major on both sides (PJRT's default
//! major-to-minor layout); bool travels as one byte per element (`PRED`).
//! bf16/f16 tensors can also travel as their bits in `s16` buffers, the
//! calling convention of modules from `tilekit-stablehlo`.

use crate::client::{protocol, ClientInner};
use crate::error::PjrtError;
use crate::event::await_and_destroy;
use crate::ffi::{self, struct_size, PJRT_Buffer, PJRT_Buffer_Type};
use std::sync::Arc;
use tilekit_core::{DType, HostTensor, TensorData};

/// The PJRT element type of a tilekit dtype.
pub fn buffer_type(d: DType) -> PJRT_Buffer_Type {
    match d {
        DType::Bf16 => ffi::PJRT_Buffer_Type_BF16,
        DType::F16 => ffi::PJRT_Buffer_Type_F16,
        DType::F32 => ffi::PJRT_Buffer_Type_F32,
        DType::I32 => ffi::PJRT_Buffer_Type_S32,
        DType::Bool => ffi::PJRT_Buffer_Type_PRED,
        DType::I8 => ffi::PJRT_Buffer_Type_S8,
        DType::U8 => ffi::PJRT_Buffer_Type_U8,
        DType::U16 => ffi::PJRT_Buffer_Type_U16,
        DType::F8E4M3 => ffi::PJRT_Buffer_Type_F8E4M3FN,
        DType::F8E5M2 => ffi::PJRT_Buffer_Type_F8E5M2,
    }
}

/// The tensor's elements as the little-endian bytes PJRT wants, without a
/// copy where the host is little-endian (every element type tilekit has,
/// bool included, is laid out in memory exactly as PJRT reads it).
fn host_bytes(t: &HostTensor) -> Option<&[u8]> {
    fn bytes_of<T>(v: &[T]) -> &[u8] {
        // SAFETY: plain-old-data elements without padding, read-only view.
        unsafe { std::slice::from_raw_parts(v.as_ptr() as *const u8, std::mem::size_of_val(v)) }
    }
    if cfg!(target_endian = "big") {
        return None;
    }
    Some(match t.data() {
        TensorData::Bf16(v) => bytes_of(v),
        TensorData::F16(v) => bytes_of(v),
        TensorData::F32(v) => bytes_of(v),
        TensorData::I32(v) => bytes_of(v),
        TensorData::Bool(v) => bytes_of(v),
        TensorData::I8(v) => bytes_of(v),
        TensorData::U16(v) => bytes_of(v),
        TensorData::U8(v) | TensorData::F8E4M3(v) | TensorData::F8E5M2(v) => bytes_of(v),
    })
}

fn dtype_of(t: PJRT_Buffer_Type) -> Option<DType> {
    DType::ALL.into_iter().find(|&d| buffer_type(d) == t)
}

/// A buffer on the client's device.
pub struct DeviceBuffer {
    client: Arc<ClientInner>,
    pub(crate) raw: *mut PJRT_Buffer,
}

impl std::fmt::Debug for DeviceBuffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceBuffer")
            .field("dtype", &self.dtype().ok())
            .field("shape", &self.shape().ok())
            .finish()
    }
}

// SAFETY: see `ClientInner`; PJRT buffers may be used from any thread.
unsafe impl Send for DeviceBuffer {}
unsafe impl Sync for DeviceBuffer {}

impl Drop for DeviceBuffer {
    fn drop(&mut self) {
        let plugin = &self.client.plugin;
        if let Some(f) = plugin.api().PJRT_Buffer_Destroy {
            // SAFETY: this wrapper owns the buffer and frees it once.
            unsafe {
                let mut args: ffi::PJRT_Buffer_Destroy_Args =
                    ffi::zeroed_args(struct_size!(ffi::PJRT_Buffer_Destroy_Args, buffer));
                args.buffer = self.raw;
                let _ = plugin.check("PJRT_Buffer_Destroy", f(&mut args));
            }
        }
    }
}

impl DeviceBuffer {
    /// Takes ownership of a buffer the plugin returned.
    pub(crate) fn own(client: Arc<ClientInner>, raw: *mut PJRT_Buffer) -> DeviceBuffer {
        DeviceBuffer { client, raw }
    }

    /// Copies `t` to the device; with `bits16`, a bf16/f16 tensor goes as
    /// an `s16` buffer of the same bytes.
    pub(crate) fn from_host(
        client: Arc<ClientInner>,
        t: &HostTensor,
        bits16: bool,
    ) -> Result<DeviceBuffer, PjrtError> {
        let device = client.device;
        DeviceBuffer::from_host_on(client, t, bits16, device)
    }

    /// [`DeviceBuffer::from_host`] onto `device`, one of the client's
    /// addressable devices.
    pub(crate) fn from_host_on(
        client: Arc<ClientInner>,
        t: &HostTensor,
        bits16: bool,
        device: *mut ffi::PJRT_Device,
    ) -> Result<DeviceBuffer, PjrtError> {
        let plugin = client.plugin.clone();
        let f = plugin.func(
            plugin.api().PJRT_Client_BufferFromHostBuffer,
            "PJRT_Client_BufferFromHostBuffer",
        )?;
        let copy;
        let bytes: &[u8] = match host_bytes(t) {
            Some(b) => b,
            None => {
                copy = t.to_le_bytes();
                &copy
            }
        };
        // A zero-element tensor still needs a non-null data pointer.
        let data: *const u8 = if bytes.is_empty() {
            std::ptr::NonNull::<u64>::dangling().as_ptr() as *const u8
        } else {
            bytes.as_ptr()
        };
        let dims: Vec<i64> = t.shape().iter().map(|&d| d as i64).collect();
        // SAFETY: `bytes` and `dims` outlive the call, and the semantics
        // "immutable only during call" make the plugin copy the data before
        // returning.
        let mut args: ffi::PJRT_Client_BufferFromHostBuffer_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_Client_BufferFromHostBuffer_Args,
                buffer
            ))
        };
        args.client = client.raw;
        args.data = data as *const ffi::c_void;
        args.type_ = if bits16 && matches!(t.dtype(), DType::Bf16 | DType::F16) {
            ffi::PJRT_Buffer_Type_S16
        } else {
            buffer_type(t.dtype())
        };
        args.dims = dims.as_ptr();
        args.num_dims = dims.len();
        args.host_buffer_semantics = ffi::PJRT_HostBufferSemantics_kImmutableOnlyDuringCall;
        args.device = device;
        plugin.check("PJRT_Client_BufferFromHostBuffer", unsafe { f(&mut args) })?;
        let done = await_and_destroy(
            &plugin,
            args.done_with_host_buffer,
            "PJRT_Client_BufferFromHostBuffer (transfer)",
        );
        if args.buffer.is_null() {
            return Err(protocol(
                "PJRT_Client_BufferFromHostBuffer",
                "returned no buffer",
            ));
        }
        let buffer = DeviceBuffer::own(client, args.buffer);
        done.map(|()| buffer)
    }

    /// The buffer's PJRT element type.
    fn element_type(&self) -> Result<PJRT_Buffer_Type, PjrtError> {
        let plugin = &self.client.plugin;
        let f = plugin.func(
            plugin.api().PJRT_Buffer_ElementType,
            "PJRT_Buffer_ElementType",
        )?;
        // SAFETY: a live buffer; zeroed args of the right size.
        let mut args: ffi::PJRT_Buffer_ElementType_Args =
            unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_Buffer_ElementType_Args, type_)) };
        args.buffer = self.raw;
        plugin.check("PJRT_Buffer_ElementType", unsafe { f(&mut args) })?;
        Ok(args.type_)
    }

    /// The buffer's element type as a tilekit dtype.
    pub fn dtype(&self) -> Result<DType, PjrtError> {
        let t = self.element_type()?;
        dtype_of(t).ok_or_else(|| {
            protocol(
                "PJRT_Buffer_ElementType",
                &format!("element type {t} has no tilekit dtype"),
            )
        })
    }

    /// The buffer's dimensions.
    pub fn shape(&self) -> Result<Vec<usize>, PjrtError> {
        let plugin = &self.client.plugin;
        let f = plugin.func(
            plugin.api().PJRT_Buffer_Dimensions,
            "PJRT_Buffer_Dimensions",
        )?;
        // SAFETY: a live buffer; the dims array lives as long as the buffer.
        let mut args: ffi::PJRT_Buffer_Dimensions_Args =
            unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_Buffer_Dimensions_Args, num_dims)) };
        args.buffer = self.raw;
        plugin.check("PJRT_Buffer_Dimensions", unsafe { f(&mut args) })?;
        if args.num_dims == 0 || args.dims.is_null() {
            return Ok(Vec::new());
        }
        let dims = unsafe { std::slice::from_raw_parts(args.dims, args.num_dims) };
        Ok(dims.iter().map(|&d| d.max(0) as usize).collect())
    }

    /// The device address of the buffer's memory (to check that an
    /// execution updated a donated buffer in place; never dereferenced).
    pub fn device_address(&self) -> Result<usize, PjrtError> {
        let plugin = &self.client.plugin;
        let f = plugin.func(
            plugin.api().PJRT_Buffer_UnsafePointer,
            "PJRT_Buffer_UnsafePointer",
        )?;
        // SAFETY: zeroed args of the right size; the buffer is live.
        let mut args: ffi::PJRT_Buffer_UnsafePointer_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_Buffer_UnsafePointer_Args,
                buffer_pointer
            ))
        };
        args.buffer = self.raw;
        plugin.check("PJRT_Buffer_UnsafePointer", unsafe { f(&mut args) })?;
        Ok(args.buffer_pointer)
    }

    /// Copies the buffer back into a host tensor of its own dtype.
    pub fn to_host(&self) -> Result<HostTensor, PjrtError> {
        self.to_host_as(self.dtype()?)
    }

    /// Copies the buffer back as `dtype`: its own dtype, or bf16/f16 for
    /// an `s16` buffer holding their bits.
    pub fn to_host_as(&self, dtype: DType) -> Result<HostTensor, PjrtError> {
        let t = self.element_type()?;
        let bits = t == ffi::PJRT_Buffer_Type_S16 && matches!(dtype, DType::Bf16 | DType::F16);
        if !bits && t != buffer_type(dtype) {
            return Err(protocol(
                "PJRT_Buffer_ElementType",
                &format!("the buffer holds element type {t}, not {dtype}"),
            ));
        }
        let shape = self.shape()?;
        let n: usize = shape.iter().product();
        let size = n * dtype.size_bytes();
        let plugin = &self.client.plugin;
        let f = plugin.func(
            plugin.api().PJRT_Buffer_ToHostBuffer,
            "PJRT_Buffer_ToHostBuffer",
        )?;
        // One spare byte keeps the pointer non-null for empty tensors (a null
        // `dst` would ask for the size instead of copying).
        let mut bytes = vec![0u8; size + 1];
        // SAFETY: `bytes` holds `size` bytes and outlives the awaited copy.
        let mut args: ffi::PJRT_Buffer_ToHostBuffer_Args =
            unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_Buffer_ToHostBuffer_Args, event)) };
        args.src = self.raw;
        args.dst = bytes.as_mut_ptr() as *mut ffi::c_void;
        args.dst_size = size;
        plugin.check("PJRT_Buffer_ToHostBuffer", unsafe { f(&mut args) })?;
        await_and_destroy(plugin, args.event, "PJRT_Buffer_ToHostBuffer (transfer)")?;
        bytes.truncate(size);
        HostTensor::from_le_bytes(dtype, &shape, &bytes)
            .map_err(|e| protocol("PJRT_Buffer_ToHostBuffer", &e.to_string()))
    }
}
