/* Machine ceilings for the roofline estimate in docs/PERFORMANCE.md (not part of the build).
 *   gcc -O3 -march=native -fopenmp Benchmarks/compare/peak.c -o /tmp/peak && /tmp/peak
 * 1. Hill y = x/(x + K) over an L1-resident array: divide-bound SIMD rate (Gelem/s = Gdiv/s).
 * 2. Triad a = b + s*c over 3 arrays of 40 M doubles (DRAM), 1 and 2 threads (GB/s, STREAM
 *    counting: 24 bytes per element, write-allocate not counted). Best of the repeats.
 * 3. The host's own thread scaling: the Hill loop of 1, each thread on its own L1 array (no
 *    shared data, no memory traffic, one barrier per round), a fixed amount of work per
 *    thread (about 1 s), on 1 and 2 threads alternating for 11 rounds: the median of
 *    2 x (1-thread time) / (2-thread time), and 2 x the ratio of the median times. No program
 *    scales better on this host. */
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
