// float32 -> IEEE binary16 with the F16C instruction set (8 values per instruction), rounding to
// nearest even exactly as the JavaScript converter and ggml do. Compiled for F16C through a target
// attribute, not a global flag, so the binary still loads on CPUs without it (f16Available says so).
#include "f16.h"

#include <immintrin.h>

#include <cstring>

namespace fts {

__attribute__((target("avx,f16c"))) static void convert(const float* src, uint16_t* dst, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), h);
  }
  if (i < n) {
    float tail[8] = {0};
    uint16_t out[8];
    std::memcpy(tail, src + i, (n - i) * sizeof(float));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm256_cvtps_ph(_mm256_loadu_ps(tail), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    std::memcpy(dst + i, out, (n - i) * sizeof(uint16_t));
  }
}

bool f16Available() { return __builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c"); }

void f32ToF16(const float* src, uint16_t* dst, size_t n) { convert(src, dst, n); }

}  // namespace fts
