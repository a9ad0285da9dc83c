#pragma once
#include <cstddef>
#include <cstdint>

namespace fts {
bool f16Available();
// Converts n floats to binary16 bits; callers check f16Available() first.
void f32ToF16(const float* src, uint16_t* dst, size_t n);
}  // namespace fts
