// Cache-blocked SGEMM in the GotoBLAS shape: a KC×NC panel of B and an MC×KC block of A are packed
// into contiguous strips, and a 6×16 AVX2/FMA micro-kernel keeps the whole output tile in 12
// registers. Each output element is summed over k in one fixed order (k blocks of KC, in turn), so
// how the output is split between threads never changes a bit of the result.
#include "sgemm.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <new>

#include "pool.h"

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define FTS_X86 1
#include <immintrin.h>
#endif

namespace fts {
namespace {

constexpr int MR = 6, NR = 16;           // micro-tile: 6 rows × 2 ymm of 8 floats
constexpr int KC = 256, MC = 120, NC = 2048;  // A block 120 KB (L2), B micro-strip 16 KB (L1)
static_assert(MC % MR == 0 && NC % NR == 0, "blocks hold whole micro-tiles (the buffers assume it)");

struct Part {  // the output region one thread owns
  int m0, m1, n0, n1;
};

// op(A)[i][p] and op(B)[p][j] addressing for either storage order.
inline float at(const float* x, int ld, bool trans, int r, int c) { return trans ? x[(size_t)c * ld + r] : x[(size_t)r * ld + c]; }

// Packs rows [i0, i0+mc) × k [p0, p0+kc) of op(A) into MR-row strips, p-major, zero-padded.
void packA(const float* a, int lda, bool trans, int i0, int mc, int p0, int kc, float* out) {
  for (int ir = 0; ir < mc; ir += MR) {
    const int rows = std::min(MR, mc - ir);
    for (int p = 0; p < kc; ++p) {
      for (int i = 0; i < rows; ++i) out[i] = at(a, lda, trans, i0 + ir + i, p0 + p);
      for (int i = rows; i < MR; ++i) out[i] = 0.f;
      out += MR;
    }
  }
}

// Packs k [p0, p0+kc) × columns [j0, j0+nc) of op(B) into NR-column strips, p-major, zero-padded.
void packB(const float* b, int ldb, bool trans, int p0, int kc, int j0, int nc, float* out) {
  for (int jr = 0; jr < nc; jr += NR) {
    const int cols = std::min(NR, nc - jr);
    for (int p = 0; p < kc; ++p) {
      if (!trans && cols == NR) {
        std::memcpy(out, b + (size_t)(p0 + p) * ldb + j0 + jr, NR * sizeof(float));
      } else {
        for (int j = 0; j < cols; ++j) out[j] = at(b, ldb, trans, p0 + p, j0 + jr + j);
        for (int j = cols; j < NR; ++j) out[j] = 0.f;
      }
      out += NR;
    }
  }
}

#ifdef FTS_X86
// C tile (rows × cols valid) = or += Ap · Bp over kc. `accumulate` is false for the first k block.
__attribute__((target("avx2,fma"))) void micro(int kc, const float* ap, const float* bp, float* c, int ldc, int rows, int cols, bool accumulate) {
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (int p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_loadu_ps(bp), b1 = _mm256_loadu_ps(bp + 8);
    __m256 a = _mm256_broadcast_ss(ap + 0);
    c00 = _mm256_fmadd_ps(a, b0, c00), c01 = _mm256_fmadd_ps(a, b1, c01);
    a = _mm256_broadcast_ss(ap + 1);
    c10 = _mm256_fmadd_ps(a, b0, c10), c11 = _mm256_fmadd_ps(a, b1, c11);
    a = _mm256_broadcast_ss(ap + 2);
    c20 = _mm256_fmadd_ps(a, b0, c20), c21 = _mm256_fmadd_ps(a, b1, c21);
    a = _mm256_broadcast_ss(ap + 3);
    c30 = _mm256_fmadd_ps(a, b0, c30), c31 = _mm256_fmadd_ps(a, b1, c31);
    a = _mm256_broadcast_ss(ap + 4);
    c40 = _mm256_fmadd_ps(a, b0, c40), c41 = _mm256_fmadd_ps(a, b1, c41);
    a = _mm256_broadcast_ss(ap + 5);
    c50 = _mm256_fmadd_ps(a, b0, c50), c51 = _mm256_fmadd_ps(a, b1, c51);
    ap += MR, bp += NR;
  }
  alignas(32) float tile[MR][NR];
  _mm256_store_ps(tile[0], c00), _mm256_store_ps(tile[0] + 8, c01);
  _mm256_store_ps(tile[1], c10), _mm256_store_ps(tile[1] + 8, c11);
  _mm256_store_ps(tile[2], c20), _mm256_store_ps(tile[2] + 8, c21);
  _mm256_store_ps(tile[3], c30), _mm256_store_ps(tile[3] + 8, c31);
  _mm256_store_ps(tile[4], c40), _mm256_store_ps(tile[4] + 8, c41);
  _mm256_store_ps(tile[5], c50), _mm256_store_ps(tile[5] + 8, c51);
  for (int i = 0; i < rows; ++i) {
    float* row = c + (size_t)i * ldc;
    if (cols == NR) {
      const __m256 t0 = _mm256_load_ps(tile[i]), t1 = _mm256_load_ps(tile[i] + 8);
      _mm256_storeu_ps(row, accumulate ? _mm256_add_ps(_mm256_loadu_ps(row), t0) : t0);
      _mm256_storeu_ps(row + 8, accumulate ? _mm256_add_ps(_mm256_loadu_ps(row + 8), t1) : t1);
    } else {
      for (int j = 0; j < cols; ++j) row[j] = accumulate ? row[j] + tile[i][j] : tile[i][j];
    }
  }
}
#endif

// Packing buffers at their largest (A: MC×KC, B: KC×NC, ~2.1 MB together), made once per thread
// that computes and kept: every later matmul reuses them.
struct Scratch {
  static constexpr std::align_val_t kAlign{64};  // cache-line aligned strips
  float* a = static_cast<float*>(::operator new[](sizeof(float) * MC * KC, kAlign));
  float* b = static_cast<float*>(::operator new[](sizeof(float) * KC * NC, kAlign));
  ~Scratch() { ::operator delete[](a, kAlign), ::operator delete[](b, kAlign); }
};

void runPart(const GemmArgs& g, const Part& part, Scratch& s) {
#ifdef FTS_X86
  const int lda = g.transA ? g.m : g.k, ldb = g.transB ? g.k : g.n;
  for (int bi = 0; bi < g.batch; ++bi) {
    const float* a = g.a + (size_t)bi * g.strideA;
    const float* b = g.b + (size_t)bi * g.strideB;
    float* c = g.c + (size_t)bi * g.m * g.n;
    if (g.k == 0) {  // an empty sum: zeros
      for (int i = part.m0; i < part.m1; ++i) std::fill(c + (size_t)i * g.n + part.n0, c + (size_t)i * g.n + part.n1, 0.f);
      continue;
    }
    for (int jc = part.n0; jc < part.n1; jc += NC) {
      const int nc = std::min(NC, part.n1 - jc);
      for (int pc = 0; pc < g.k; pc += KC) {
        const int kc = std::min(KC, g.k - pc);
        float* bp = s.b;
        packB(b, ldb, g.transB, pc, kc, jc, nc, bp);
        for (int ic = part.m0; ic < part.m1; ic += MC) {
          const int mc = std::min(MC, part.m1 - ic);
          float* ap = s.a;
          packA(a, lda, g.transA, ic, mc, pc, kc, ap);
          for (int jr = 0; jr < nc; jr += NR) {
            for (int ir = 0; ir < mc; ir += MR) {
              micro(kc, ap + (size_t)ir * kc, bp + (size_t)jr * kc, c + (size_t)(ic + ir) * g.n + jc + jr, g.n, std::min(MR, mc - ir), std::min(NR, nc - jr), pc > 0);
            }
          }
        }
      }
    }
  }
#else
  (void)g, (void)part, (void)s;
#endif
}

#ifdef FTS_X86
// One row times a [k, n] matrix (token-by-token decoding): packing B for a single row would cost
// more than the product, so B's rows stream straight through c += a[i] * B[i, :], in i order.
__attribute__((target("avx2,fma"))) void rowTimesMatrix(const float* a, const float* b, float* c, int n, int k) {
  std::memset(c, 0, sizeof(float) * n);
  for (int i = 0; i < k; ++i) {
    const float x = a[i];
    if (x == 0.0f) continue;
    const __m256 vx = _mm256_set1_ps(x);
    const float* row = b + (std::ptrdiff_t)i * n;
    int j = 0;
    for (; j + 8 <= n; j += 8) _mm256_storeu_ps(c + j, _mm256_fmadd_ps(vx, _mm256_loadu_ps(row + j), _mm256_loadu_ps(c + j)));
    for (; j < n; ++j) c[j] = std::fma(x, row[j], c[j]);
  }
}
#endif

// Per thread, so concurrent callers (worker threads) never share a buffer.
Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

}  // namespace

bool sgemmAvailable() {
#ifdef FTS_X86
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

void sgemm(const GemmArgs& g, int threads) {
  if (g.batch <= 0 || g.m <= 0 || g.n <= 0) return;
#ifdef FTS_X86
  if (g.m == 1 && g.batch == 1 && !g.transA && !g.transB && threads < 2) return rowTimesMatrix(g.a, g.b, g.c, g.n, g.k);
#endif
  // Below ~4 MFLOP waking the second thread costs more than it saves.
  const double flops = 2.0 * g.batch * g.m * g.n * (double)g.k;
  const Part all{0, g.m, 0, g.n};
  if (threads < 2 || flops < 4e6) return runPart(g, all, scratch());
  // Split the longer output side, so the operand packed twice (once per thread) is the smaller one.
  Part first = all, second = all;
  if (g.n >= g.m) {
    const int mid = std::min(g.n, (g.n / 2 + NR - 1) / NR * NR);
    first.n1 = mid, second.n0 = mid;
  } else {
    const int mid = std::min(g.m, (g.m / 2 + MR - 1) / MR * MR);
    first.m1 = mid, second.m0 = mid;
  }
  const bool shared = Pool::instance().tryRun([&] { runPart(g, second, scratch()); }, [&] { runPart(g, first, scratch()); });
  if (!shared) runPart(g, all, scratch());  // another caller holds the helper thread
}

}  // namespace fts
