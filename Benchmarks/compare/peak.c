/* Machine ceilings for the roofline estimate in docs/PERFORMANCE.md (not part of the build).
 *   gcc -O3 -march=native -fopenmp Benchmarks/compare/peak.c -o /tmp/peak && /tmp/peak
 * 1. Hill y = x/(x + K) over an L1-resident array: divide-bound SIMD rate (Gelem/s = Gdiv/s).
 * 2. Triad a = b + s*c over 3 arrays of 40 M doubles (DRAM), 1 and 2 threads (GB/s, STREAM
 *    counting: 24 bytes per element, write-allocate not counted). Best of the repeats.
 * 3. The host's own thread scaling: the Hill loop of 1, each thread on its own L1 array (no
 *    shared data, no memory traffic, one barrier per round), a fixed amount of work per
 *    thread (about 1 s), on 1 and 2 threads alternating for 11 rounds: the median of
 *    2 x (1-thread time) / (2-thread time), and 2 x the ratio of the median times. No program
 *    scales better on this host.
 * 4. Multiply and add peaks, 1 thread: x <- x*1 (then x <- x + 0) on 12 independent vectors of
 *    the host's widest width held in registers, the constant read at run time (no fold, no
 *    overflow, no subnormals). Gmul/s and Gadd/s: a step that issues m multiplications cannot
 *    take less than m / Gmul/s, whatever else it does. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* The widest vector of the host: 8 doubles with AVX-512, else 4. */
#ifdef __AVX512F__
enum { W = 8 };
#else
enum { W = 4 };
#endif
typedef double vw __attribute__((vector_size(8 * W)));

/* Seconds for `reps` rounds of one operation on 12 independent vectors of W doubles in
   registers (multiply if `mul`, else add); `*lanes` = 12 * W, `*out` a sum that keeps them live. */
static double issue(int mul, long reps, int *lanes, double *out) {
  volatile double one = 1.0, zero = 0.0;
  double a = mul ? one : zero;
  vw c, x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11;
  for (int l = 0; l < W; l++) {
    c[l] = a;
    x0[l] = 1.00 + l; x1[l] = 1.01 + l; x2[l] = 1.02 + l; x3[l] = 1.03 + l; x4[l] = 1.04 + l; x5[l] = 1.05 + l;
    x6[l] = 1.06 + l; x7[l] = 1.07 + l; x8[l] = 1.08 + l; x9[l] = 1.09 + l; x10[l] = 1.10 + l; x11[l] = 1.11 + l;
  }
  double t0 = now();
#define EACH(op) x0 op c; x1 op c; x2 op c; x3 op c; x4 op c; x5 op c; x6 op c; x7 op c; x8 op c; x9 op c; x10 op c; x11 op c
  if (mul)
    for (long r = 0; r < reps; r++) { EACH(*=); }
  else
    for (long r = 0; r < reps; r++) { EACH(+=); }
#undef EACH
  double t = now() - t0;
  vw s = x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11;
  *out = 0;
  for (int l = 0; l < W; l++) *out += s[l];
  *lanes = 12 * W;
  return t;
}

int main(void) {
  enum { M = 2048 };
  static double x[M], y[M];
  for (int i = 0; i < M; i++) x[i] = 0.5 + i * 1e-4;
  double best = 1e30, k = 0.7;
  for (int r = 0; r < 20; r++) {
    double t0 = now();
    for (int it = 0; it < 20000; it++) {
      for (int i = 0; i < M; i++) y[i] = x[i] / (x[i] + k);
      __asm__ volatile("" ::: "memory");
    }
    double t = now() - t0;
    if (t < best) best = t;
  }
  printf("hill x/(x+K), %d doubles (L1), 1 thread: %.2f Gelem/s (y[7]=%g)\n", M, 20000.0 * M / best / 1e9, y[7]);

  {
    enum { ROUNDS = 11 };
    int reps = (int)(1.0 / (M / (20000.0 * M / best)));  /* about 1 s on one thread */
    double ratio[ROUNDS], one[ROUNDS], two[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      double t[3] = {0};
      for (int threads = 1; threads <= 2; threads++) {
        omp_set_num_threads(threads);
        double t0 = now();
#pragma omp parallel
        {
          double xs[M], ys[M];
          for (int i = 0; i < M; i++) xs[i] = 0.5 + i * 1e-4 + omp_get_thread_num();
          for (int it = 0; it < reps; it++) {
            for (int i = 0; i < M; i++) ys[i] = xs[i] / (xs[i] + k);
            __asm__ volatile("" ::"r"(ys) : "memory");
          }
        }
        t[threads] = now() - t0;
      }
      ratio[r] = 2.0 * t[1] / t[2];
      one[r] = t[1];
      two[r] = t[2];
    }
    double *lists[3] = {ratio, one, two};
    for (int l = 0; l < 3; l++)
      for (int i = 1; i < ROUNDS; i++)
        for (int j = i; j > 0 && lists[l][j] < lists[l][j - 1]; j--) {
          double s = lists[l][j]; lists[l][j] = lists[l][j - 1]; lists[l][j - 1] = s;
        }
    printf("thread scaling of the Hill loop (2 threads' work per second / 1 thread's), %d rounds: median %.3fx "
           "(min %.3f, max %.3f); of the median times %.3fx (1 thread %.3f s, 2 threads %.3f s)\n",
           ROUNDS, ratio[ROUNDS / 2], ratio[0], ratio[ROUNDS - 1], 2.0 * one[ROUNDS / 2] / two[ROUNDS / 2], one[ROUNDS / 2],
           two[ROUNDS / 2]);
  }

  for (int mul = 1; mul >= 0; mul--) {
    long reps = 20L * 1000 * 1000;
    double fastest = 1e30, sum = 0;
    int lanes = 0;
    for (int r = 0; r < 9; r++) {
      double t = issue(mul, reps, &lanes, &sum);
      if (t < fastest) fastest = t;
    }
    printf("%s peak, %d independent doubles in registers, 1 thread: %.2f G%s/s (sum %g)\n",
           mul ? "multiply" : "add", lanes, (double)lanes * reps / fastest / 1e9, mul ? "mul" : "add", sum);
  }

  long n = 40L * 1000 * 1000;
  double *a = aligned_alloc(64, n * 8), *b = aligned_alloc(64, n * 8), *c = aligned_alloc(64, n * 8);
#pragma omp parallel for
  for (long i = 0; i < n; i++) { a[i] = 0; b[i] = 1; c[i] = 2; }
  for (int threads = 1; threads <= 2; threads++) {
    omp_set_num_threads(threads);
    best = 1e30;
    for (int r = 0; r < 8; r++) {
      double t0 = now();
#pragma omp parallel for
      for (long i = 0; i < n; i++) a[i] = b[i] + 3.0 * c[i];
      double t = now() - t0;
      if (t < best) best = t;
    }
    printf("triad 3 x %ld doubles, %d thread(s): %.1f GB/s (a[1]=%g)\n", n, threads, 24.0 * n / best / 1e9, a[1]);
  }
  return 0;
}
