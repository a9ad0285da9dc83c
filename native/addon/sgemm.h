// Single-precision matrix products for the training worker (see sgemm.cc for the method).
#pragma once
#include <cstddef>

namespace fts {

// C[b] = op(A[b]) · op(B[b]) for b < batch, all row-major. op(A) is [m, k]: A is stored [m, k], or
// [k, m] when transA. op(B) is [k, n]: B is stored [k, n], or [n, k] when transB. A stride of 0
// broadcasts one matrix over the batch. C is [batch, m, n] and is overwritten, never read.
struct GemmArgs {
  const float* a;
  const float* b;
  float* c;
  int batch, m, n, k;
  bool transA, transB;
  std::ptrdiff_t strideA, strideB;  // elements between batch entries (0 = broadcast)
};

// Whether this CPU can run the AVX2/FMA kernel (checked at run time: the binary may ship).
bool sgemmAvailable();

// Computes with up to `threads` threads (1 or 2). Every output element is summed in the same
// order whatever the thread count, so results are bit-identical run to run.
void sgemm(const GemmArgs& g, int threads);

}  // namespace fts
