/* Machine ceilings for the roofline estimate in docs/PERFORMANCE.md (not part of the build).
 *   gcc -O3 -march=native -fopenmp Benchmarks/compare/peak.c -o /tmp/peak && /tmp/peak
 * 1. Hill y = x/(x + K) over an L1-resident array: divide-bound SIMD rate (Gelem/s = Gdiv/s).
 * 2. Triad a = b + s*c over 3 arrays of 40 M doubles (DRAM), 1 and 2 threads (GB/s, STREAM
 *    counting: 24 bytes per element, write-allocate not counted). Best of the repeats. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
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
