// Node-API binding (C API only: ABI-stable, so one build loads in Node and in Electron's
// ELECTRON_RUN_AS_NODE worker). sgemm(a, b, c, dims) reads and writes Float32Arrays in place, which
// may be views of the TF.js wasm heap: no copies. Every size is checked against the arrays, so a
// wrong call throws instead of touching memory outside them.
#include <node_api.h>

#include <cstdint>

#include "f16.h"
#include "sgemm.h"

namespace {

napi_value fail(napi_env env, const char* message) {
  napi_throw_error(env, nullptr, message);
  return nullptr;
}

bool floatArray(napi_env env, napi_value v, float** data, size_t* length) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  void* p = nullptr;
  if (napi_get_typedarray_info(env, v, &type, length, &p, nullptr, nullptr) != napi_ok || type != napi_float32_array) return false;
  *data = static_cast<float*>(p);
  return true;
}

bool int64Arg(napi_env env, napi_value v, int64_t* out) { return napi_get_value_int64(env, v, out) == napi_ok; }

// Elements a batch of `batch` matrices of `size` each needs at `stride` (0 = one shared matrix).
int64_t needed(int64_t batch, int64_t size, int64_t stride) { return size == 0 ? 0 : (batch - 1) * stride + size; }

// sgemm(a, b, c, batch, m, n, k, transA, transB, strideA, strideB, threads)
napi_value Sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 12) return fail(env, "sgemm: expected 12 arguments");
  float *a, *b, *c;
  size_t la, lb, lc;
  if (!floatArray(env, argv[0], &a, &la) || !floatArray(env, argv[1], &b, &lb) || !floatArray(env, argv[2], &c, &lc)) return fail(env, "sgemm: a, b and c must be Float32Arrays");
  // Numbers at argument positions 3-6 (batch, m, n, k), 9-10 (strides) and 11 (threads).
  static const int at[7] = {3, 4, 5, 6, 9, 10, 11};
  int64_t d[7];
  for (int i = 0; i < 7; ++i)
    if (!int64Arg(env, argv[at[i]], &d[i])) return fail(env, "sgemm: sizes, strides and threads must be numbers");
  bool transA = false, transB = false;
  if (napi_get_value_bool(env, argv[7], &transA) != napi_ok || napi_get_value_bool(env, argv[8], &transB) != napi_ok) return fail(env, "sgemm: transpose flags must be booleans");
  const int64_t batch = d[0], m = d[1], n = d[2], k = d[3], strideA = d[4], strideB = d[5], threads = d[6];
  const int64_t limit = INT32_MAX;
  if (batch < 1 || m < 0 || n < 0 || k < 0 || m > limit || n > limit || k > limit || strideA < 0 || strideB < 0) return fail(env, "sgemm: bad sizes");
  if (needed(batch, m * k, strideA) > (int64_t)la || needed(batch, k * n, strideB) > (int64_t)lb || batch * m * n > (int64_t)lc) return fail(env, "sgemm: an array is shorter than its shape");
  if (!fts::sgemmAvailable()) return fail(env, "sgemm: this CPU lacks AVX2/FMA");
  fts::sgemm({a, b, c, (int)batch, (int)m, (int)n, (int)k, transA, transB, strideA, strideB}, (int)threads);
  return nullptr;
}

// f32ToF16(src: Float32Array, dst: Uint16Array): dst[i] = binary16 bits of src[i], round to nearest even.
napi_value F32ToF16(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 2) return fail(env, "f32ToF16: expected 2 arguments");
  float* src;
  size_t n;
  if (!floatArray(env, argv[0], &src, &n)) return fail(env, "f32ToF16: src must be a Float32Array");
  bool is = false;
  napi_typedarray_type type;
  size_t m;
  void* p = nullptr;
  if (napi_is_typedarray(env, argv[1], &is) != napi_ok || !is || napi_get_typedarray_info(env, argv[1], &type, &m, &p, nullptr, nullptr) != napi_ok || type != napi_uint16_array) return fail(env, "f32ToF16: dst must be a Uint16Array");
  if (m < n) return fail(env, "f32ToF16: dst is shorter than src");
  if (!fts::f16Available()) return fail(env, "f32ToF16: this CPU lacks F16C");
  fts::f32ToF16(src, static_cast<uint16_t*>(p), n);
  return nullptr;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_value f16fn, f16ok;
  napi_create_function(env, "f32ToF16", NAPI_AUTO_LENGTH, F32ToF16, nullptr, &f16fn);
  napi_set_named_property(env, exports, "f32ToF16", f16fn);
  napi_get_boolean(env, fts::f16Available(), &f16ok);
  napi_set_named_property(env, exports, "f16Available", f16ok);
  napi_value fn, available;
  napi_create_function(env, "sgemm", NAPI_AUTO_LENGTH, Sgemm, nullptr, &fn);
  napi_set_named_property(env, exports, "sgemm", fn);
  napi_get_boolean(env, fts::sgemmAvailable(), &available);
  napi_set_named_property(env, exports, "available", available);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
