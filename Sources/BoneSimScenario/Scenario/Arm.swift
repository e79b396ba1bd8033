/// What one arm of a trial receives: doses, exercise, energy and nutrition over time, other
/// inputs, and parameter overrides.
public struct Arm: Sendable, Codable {
  public var name: String
  public var description: String
  public var dosing: [DosingRegimen]
  public var exercise: [ExerciseProgram]
  /// Time courses of daily inputs (energy availability, nutrition, any other daily input).
  public var timeCourses: [TimeCourse]
  /// Parameter overrides for this arm (applied after the scenario's).
  public var parameters: [ParameterOverride]
  public var position: SourcePosition
}

/// A drug regimen in NONMEM-like words: an amount (`dose`) every `interval`, or a `rate`
/// while a patch is worn (`wear`), from `startDay`, for `count` doses or until `stopDay`,
/// optionally only on the on-days of a cycle, each dose taken with probability `adherence`.
public struct DosingRegimen: Sendable, Codable {
  /// Agent, e.g. `estradiol`, `testosterone_cypionate`.
  public var agent: String
  /// Route, e.g. `transdermal`, `oral`, `subcutaneous`.
  public var route: String
  /// Model input column the regimen feeds (`dose.<agent><Route>` unless given).
  public var input: String
  /// Amount per dose as written (bolus), or nil for a rate regimen.
  public var dose: Quantity?
  /// Delivery rate while worn as written (patch), or nil for a bolus regimen.
  public var rate: Quantity?
  /// Time between doses or applications [day] (NONMEM `ii`).
  public var intervalDays: Double
  /// How long each application delivers `rate` [day]; defaults to the interval.
  public var wearDays: Double?
  /// Day of the first dose [day].
  public var startDay: Double
  /// First day on which no dose is given [day] (exclusive); nil = to the horizon.
  public var stopDay: Double?
  /// Number of doses (NONMEM `addl + 1`); nil = until `stopDay` or the horizon.
  public var count: Int?
  /// On/off cycle, e.g. 12 days on, 16 off; nil = every dose.
  public var cycle: DoseCycle?
  /// Probability that a dose is taken [0, 1]; 1 − adherence is the probability it is missed.
  public var adherence: Double
  public var position: SourcePosition
}

/// Doses fall only on the first `onDays` of every `onDays + offDays` days, counted from the
/// regimen's start.
public struct DoseCycle: Sendable, Codable, Hashable {
  /// [day]
  public var onDays: Double
  /// [day]
  public var offDays: Double
  public var lengthDays: Double { onDays + offDays }
}

/// An exercise program: sessions per week of one type, from `startDay` to `stopDay`, each
/// session attended with probability `adherence`.
public struct ExerciseProgram: Sendable, Codable {
  /// Type, e.g. `high_intensity`; feeds input `exercise.<camelCase type>` unless `input` given.
  public var type: String
  public var input: String
  /// Planned sessions per week [sessions/week]; may be fractional (2.5 = 5 sessions a fortnight
  /// on average).
  public var sessionsPerWeek: Double
  /// Multiplier of the effective session count (1 = as the program's type defines) [1].
  public var intensity: Double
  /// [day]
  public var startDay: Int
  /// First day without the program (exclusive) [day]; nil = to the horizon.
  public var stopDay: Int?
  /// Probability that a planned session is attended [0, 1].
  public var adherence: Double
  public var position: SourcePosition
  /// Dotted path as written (`arms.hrt.exercise[0]`, `baseline.exercise[0]`), for messages.
  public var field: String = ""
}

/// A daily input over time: values at change points and how they are held in between.
public struct TimeCourse: Sendable, Codable {
  /// How a time course is held between change points.
  public enum Hold: String, Sendable, Codable, CaseIterable {
    /// The last value holds until the next change point (last observation carried forward).
    case step
    /// Linear interpolation between change points; the last value holds after the last one.
    case linear
  }

  public struct Point: Sendable, Codable, Hashable {
    /// [day]
    public var day: Int
    /// Value in the time course's `unit`.
    public var value: Double
  }

  /// Model input column, e.g. `energy.availability`.
  public var input: String
  /// Unit of `points` as written.
  public var unit: String
  public var hold: Hold
  /// Sorted by day; the first point's value also holds before it.
  public var points: [Point]
  public var position: SourcePosition
  public var field: String

  /// Value on `day` (held over `[day, day + 1)`), in `unit`.
  public func value(onDay day: Int) -> Double {
    guard let first = points.first else { return 0 }
    if day <= first.day { return first.value }
    var previous = first
    for p in points.dropFirst() {
      if day < p.day {
        switch hold {
        case .step: return previous.value
        case .linear:
          let f = Double(day - previous.day) / Double(p.day - previous.day)
          return previous.value + f * (p.value - previous.value)
        }
      }
      previous = p
    }
    return previous.value
  }
}
