import Foundation

extension Matrix {
  /// The matrix exponential `e^A`, by scaling and squaring with a Taylor series.
  ///
  /// A is scaled by 2^-s so that ‖A·2^-s‖∞ ≤ 1/2; 20 Taylor terms then leave a truncation
  /// error below 1e-20 relative to the scaled exponential, and s squarings undo the scaling.
  /// Meant for the small matrices of linear PK systems, computed once per parameter set.
  public var exponential: Matrix {
    precondition(rows == columns, "exponential of a non-square matrix")
    let norm = infinityNorm
    let squarings = norm > 0.5 ? Int(Foundation.log2(norm / 0.5).rounded(.up)) : 0
    let scaled = Foundation.pow(2, -Double(squarings)) * self
    var result = Matrix.identity(rows)
    var term = Matrix.identity(rows)
    for k in 1...20 {
      term = (1 / Double(k)) * (term * scaled)
      result = result + term
    }
    for _ in 0..<squarings { result = result * result }
    return result
  }
}
