/// A small dense row-major matrix for set-up work (tensors, matrix exponentials, Jacobians).
///
/// Not for hot loops: cohort kernels use `Lane` arithmetic or BLAS. Sizes here are ≤ ~20.
public struct Matrix: Sendable, Hashable, CustomStringConvertible {
  public let rows: Int
  public let columns: Int
  /// Row-major elements.
  public var elements: [Double]

  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0)
    self.rows = rows
    self.columns = columns
    elements = Array(repeating: value, count: rows * columns)
  }

  /// From rows of equal length.
  public init(_ rowArrays: [[Double]]) {
    let width = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == width }, "ragged matrix")
    rows = rowArrays.count
    columns = width
    elements = rowArrays.flatMap { $0 }
  }

  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m[i, i] = 1 }
    return m
  }

  public subscript(row: Int, column: Int) -> Double {
    get { elements[row * columns + column] }
    set { elements[row * columns + column] = newValue }
  }

  public var transposed: Matrix {
    var t = Matrix(rows: columns, columns: rows)
    for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
    return t
  }

  /// Largest absolute element.
  public var maxNorm: Double { elements.reduce(0) { Swift.max($0, abs($1)) } }

  /// Maximum absolute row sum (the induced ∞-norm).
  public var infinityNorm: Double {
    (0..<rows).map { i in (0..<columns).reduce(0) { $0 + abs(self[i, $1]) } }.max() ?? 0
  }

  public static func + (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns)
    var c = a
    for i in c.elements.indices { c.elements[i] += b.elements[i] }
    return c
  }

  public static func - (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns)
    var c = a
    for i in c.elements.indices { c.elements[i] -= b.elements[i] }
    return c
  }

  public static func * (s: Double, a: Matrix) -> Matrix {
    var c = a
    for i in c.elements.indices { c.elements[i] *= s }
    return c
  }

  public static func * (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.columns == b.rows, "shape mismatch \(a.rows)x\(a.columns) * \(b.rows)x\(b.columns)")
    var c = Matrix(rows: a.rows, columns: b.columns)
    for i in 0..<a.rows {
      for k in 0..<a.columns {
        let aik = a[i, k]
        if aik == 0 { continue }
        for j in 0..<b.columns { c[i, j] += aik * b[k, j] }
      }
    }
    return c
  }

  /// Matrix times vector.
  public static func * (a: Matrix, x: [Double]) -> [Double] {
    precondition(a.columns == x.count)
    return (0..<a.rows).map { i in (0..<a.columns).reduce(0) { $0 + a[i, $1] * x[$1] } }
  }

  /// Solves `self · X = B` by Gaussian elimination with partial pivoting; nil if singular.
  public func solve(_ b: Matrix) -> Matrix? {
    precondition(rows == columns && b.rows == rows)
    var a = self, x = b
    let n = rows
    for col in 0..<n {
      var pivot = col
      for r in (col + 1)..<Swift.max(col + 1, n) where abs(a[r, col]) > abs(a[pivot, col]) { pivot = r }
      guard a[pivot, col] != 0, a[pivot, col].isFinite else { return nil }
      if pivot != col {
        for j in 0..<n { a.elements.swapAt(col * n + j, pivot * n + j) }
        for j in 0..<x.columns { x.elements.swapAt(col * x.columns + j, pivot * x.columns + j) }
      }
      let d = a[col, col]
      for r in 0..<n where r != col {
        let f = a[r, col] / d
        if f == 0 { continue }
        for j in col..<n { a[r, j] -= f * a[col, j] }
        for j in 0..<x.columns { x[r, j] -= f * x[col, j] }
      }
    }
    for r in 0..<n {
      let d = a[r, r]
      for j in 0..<x.columns { x[r, j] /= d }
    }
    return x
  }

  /// Solves `self · x = b`; nil if singular.
  public func solve(_ b: [Double]) -> [Double]? {
    solve(Matrix(b.map { [$0] })).map { $0.elements }
  }

  /// The inverse; nil if singular.
  public var inverse: Matrix? { solve(.identity(rows)) }

  /// Rows `r` and columns `c` of this matrix.
  public func submatrix(rows r: Range<Int>, columns c: Range<Int>) -> Matrix {
    var m = Matrix(rows: r.count, columns: c.count)
    for (i, ri) in r.enumerated() { for (j, cj) in c.enumerated() { m[i, j] = self[ri, cj] } }
    return m
  }

  public var description: String {
    (0..<rows).map { i in (0..<columns).map { "\(self[i, $0])" }.joined(separator: " ") }
      .joined(separator: "\n")
  }
}
