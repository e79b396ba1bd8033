import COpenBLAS

/// Thin wrapper over OpenBLAS's CBLAS.
///
/// BoneSim splits patients across threads itself, so OpenBLAS must run single-threaded:
/// its own threads make the tall-skinny products used here 2–7× slower (TOOLCHAIN.md §0).
public enum BLAS {
  /// Forces OpenBLAS to one thread. Call once at start-up (idempotent).
  public static func useSingleThread() {
    openblas_set_num_threads(1)
  }

  /// Kernel family OpenBLAS selected for this CPU (e.g. "Haswell", "Cooperlake").
  public static var coreName: String {
    String(cString: openblas_get_corename())
  }

  /// OpenBLAS build configuration string.
  public static var configuration: String {
    String(cString: openblas_get_config())
  }

  /// `C ← α·A·Bᵀ + β·C` for one cohort block: `A` is `rows × k` column-major (leading
  /// dimension `rows`), `B` is `n × k` row-major (so `Bᵀ` is `k × n`), `C` is `rows × n`
  /// column-major.
  ///
  /// This is how a linear map `x ← Φ·x` is applied to every patient of a block at once:
  /// with states as columns, `X_new = X · Φᵀ`.
  public static func blockTimesTransposed(
    rows: Int, n: Int, k: Int, alpha: Double = 1,
    a: UnsafePointer<Double>, b: UnsafePointer<Double>,
    beta: Double = 0, c: UnsafeMutablePointer<Double>
  ) {
    precondition(rows >= 0 && n >= 0 && k >= 0)
    guard rows > 0, n > 0 else { return }
    // Row-major B (n×k, element (i, j) at i·k + j) read column-major with leading
    // dimension k is the k×n matrix Bᵀ, so neither operand is transposed.
    cblas_dgemm(
      CblasColMajor, CblasNoTrans, CblasNoTrans,
      Int32(rows), Int32(n), Int32(k), alpha,
      a, Int32(rows), b, Int32(k), beta, c, Int32(rows))
  }
}
