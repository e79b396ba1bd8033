import BoneSim
import BoneSimScenario
import Testing

/// The memory estimate against what runs really hold. The peaks are `/usr/bin/time` maximum
/// resident set sizes of the release build, measured by tools/memory/estimate_grid.py (the
/// same scenarios: a premenopausal cohort, no history, one untreated arm; docs/OUTPUTS.md,
/// "Memory").
@Suite("Memory estimate: grows with output days by what a summary cell really costs")
struct MemoryEstimateTests {
  static func yaml(patients: Int, days: Int, interval: Int) -> String {
    """
    name: memory
    duration_days: \(days)
    output_interval_days: \(interval)
    cohort:
      patients: \(patients)
      seed: 1
      covariates:
        patient.yearsSinceFMP: {value: -40, unit: y}
    control: control
    arms:
      control: {}
    """
  }

  static func estimate(patients: Int, days: Int, interval: Int, perPatient: Bool = false) throws -> Double {
    let scenario = try Scenario.decode(yaml: yaml(patients: patients, days: days, interval: interval), file: "memory.yaml")
    let run = try ScenarioRun(scenario: scenario, model: makeDefaultModel(), stepper: defaultStepper, substepsPerDay: defaultSubstepsPerDay)
    return run.memoryEstimate(perPatient: perPatient, overrideGB: 1).bytes
  }

  @Test("more output days, more memory: daily > monthly > yearly over 100 years, for 1 and 1,000 patients")
  func monotone() throws {
    for patients in [1, 1000] {
      let daily = try Self.estimate(patients: patients, days: 36525, interval: 1)
      let monthly = try Self.estimate(patients: patients, days: 36525, interval: 30)
      let yearly = try Self.estimate(patients: patients, days: 36525, interval: 365)
      #expect(daily > monthly && monthly > yearly, "\(patients) patients: \(daily), \(monthly), \(yearly)")
    }
  }

  @Test(
    "per output day the estimate grows by 0.9–1.5 times what the peak RSS grew by",
    arguments: [
      // (patients, days, interval of the small run, of the large run, measured peaks [bytes])
      MeasuredPair(patients: 1, small: (365, 1), large: (36525, 1), peaks: (37.3e6, 197e6)),
      MeasuredPair(patients: 1000, small: (365, 30), large: (365, 1), peaks: (39e6, 171.7e6)),
    ])
  func slope(_ pair: MeasuredPair) throws {
    let small = try Self.estimate(patients: pair.patients, days: pair.small.days, interval: pair.small.interval)
    let large = try Self.estimate(patients: pair.patients, days: pair.large.days, interval: pair.large.interval)
    let ratio = (large - small) / (pair.peaks.large - pair.peaks.small)
    #expect(ratio >= 0.9 && ratio <= 1.5, "\(pair.patients) patients: estimate grew \(large - small) B, peak RSS \(pair.peaks.large - pair.peaks.small) B")
  }

  @Test("the estimate of each measured run lies within 0.9–1.5 times its peak RSS")
  func measured() throws {
    for (patients, days, interval, peak) in [
      (1, 36525, 1, 197e6), (1000, 365, 1, 171.7e6), (20000, 365, 1, 867.0e6),
    ] {
      let ratio = try Self.estimate(patients: patients, days: days, interval: interval) / peak
      #expect(ratio >= 0.9 && ratio <= 1.5, "\(patients) patients, \(days) days every \(interval): \(ratio)")
    }
  }

  @Test("a sketch level's array stops at the sketch's capacity: 20,000 values hold less than 6 levels of 2,048 doubles")
  func sketchBytes() {
    // 20,000 values: 4 levels filled once (2,048 values each) and one with 1,024; 8 bytes each.
    let bytes = MemoryEstimate.sketchBytes(values: 20000, capacity: 2048)
    #expect(bytes >= 8 * Double(4 * 2048 + 1024))
    #expect(bytes < 8 * Double(6 * 2048))
  }
}

/// Two runs of the same scenario that differ in output days, and their measured peak RSS.
struct MeasuredPair: Sendable, CustomStringConvertible {
  var patients: Int
  var small: (days: Int, interval: Int)
  var large: (days: Int, interval: Int)
  var peaks: (small: Double, large: Double)
  var description: String { "\(patients) patients" }
}
