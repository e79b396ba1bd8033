/// Doses or sessions of one regimen that each patient takes or misses independently.
///
/// Occurrence `o` (a dose, or a week of sessions) is `trials` Bernoulli draws with success
/// probability `adherence`, from `PatientRandom(seed, patient, stream)` draw `o·trials + j`;
/// on each day the stream adds `amount · taken/trials` for every occurrence in force.
public struct AdherenceStream: Sendable {
  public let column: Int
  public let stream: UInt32
  public let adherence: Double
  /// Draws per occurrence (1 for a dose, sessions per week for a program).
  public let trials: Int
  public let occurrences: Int
  /// Contributions of day `d` are `dayStart[d] ..< dayStart[d + 1]`.
  public let dayStart: [Int32]
  public let occurrence: [Int32]
  /// Amount if fully taken, in the column's unit.
  public let amount: [Double]
}

/// Builds the per-day contribution lists of one regimen.
struct ContributionBuilder {
  let days: Int
  var perDay: [[(occurrence: Int32, amount: Double)]]

  init(days: Int) {
    self.days = days
    perDay = Array(repeating: [], count: days)
  }

  mutating func add(day: Int, occurrence: Int, amount: Double) {
    guard day >= 0 && day < days && amount != 0 else { return }
    perDay[day].append((Int32(occurrence), amount))
  }

  /// Sum over occurrences per day (everything taken).
  var fullyTaken: [Double] { perDay.map { $0.reduce(0) { $0 + $1.amount } } }

  func stream(column: Int, stream: UInt32, adherence: Double, trials: Int, occurrences: Int) -> AdherenceStream {
    var start: [Int32] = [0]
    var occ: [Int32] = []
    var amt: [Double] = []
    for d in perDay {
      for c in d {
        occ.append(c.occurrence)
        amt.append(c.amount)
      }
      start.append(Int32(occ.count))
    }
    return AdherenceStream(
      column: column, stream: stream, adherence: adherence, trials: trials, occurrences: occurrences,
      dayStart: start, occurrence: occ, amount: amt)
  }
}
