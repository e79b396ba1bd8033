import BoneSim
import BoneSimScenario
import Foundation
import Testing

/// Dosing-interval statistics (issue 17): trough, mean over the interval and AUC of serum
/// hormones, checked against the daily levels the same run writes (a different path: the
/// levels are copied on output days, the statistics accumulated on window days).
@Suite("Dosing-interval statistics of hormone levels")
struct IntervalStatisticsTests {
  static let fixture = "Tests/Fixtures/usability/interval_statistics.yaml"

  /// patients.csv as [arm: [patient: [day: [column: value]]]].
  static func table(_ path: String) throws -> [String: [String: [Int: [String: Double]]]] {
    let lines = try read(path).split(separator: "\n")
    let header = lines[0].split(separator: ",").map(String.init)
    var out: [String: [String: [Int: [String: Double]]]] = [:]
    for line in lines.dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      var values: [String: Double] = [:]
      for (i, name) in header.enumerated().dropFirst(4) { values[name] = Double(f[i]) }
      out[f[1], default: [:]][f[2], default: [:]][Int(f[3])!] = values
    }
    return out
  }

  @Test("each statistic equals the min, mean and sum of the daily levels over its window, cut at day 0")
  func againstDailyLevels() throws {
    let out = temporaryPath("interval-daily")
    let r = try bonesim(["run", Self.fixture, "--out", out, "--quiet", "--per-patient"])
    #expect(r.status == 0, "\(r.stderr)")
    let manifest = try JSONSerialization.jsonObject(with: Data(read("\(out)/manifest.json").utf8)) as! [String: Any]
    let records = manifest["intervalStatistics"] as! [[String: Any]]
    let windows = Dictionary(uniqueKeysWithValues: records.map { ($0["output"] as! String, $0["windowDays"] as! Int) })
    // Patch every 3.5 days: two patches; weekly injection; 5 on + 5 off.
    #expect(windows["estradiol_trough.systemic"] == 7)
    #expect(windows["testosterone_auc.systemic"] == 7)
    #expect(windows["progesterone_mean_over_interval.systemic"] == 10)
    #expect(records.count == 9)
    var varied = 0
    for (arm, patients) in try Self.table("\(out)/patients.csv") {
      for (patient, days) in patients {
        for (day, row) in days {
          for hormone in ["estradiol", "testosterone", "progesterone"] {
            let w = windows["\(hormone)_trough.systemic"]!
            let levels = (Swift.max(0, day - w + 1)...day).map { days[$0]!["\(hormone).systemic"]! }
            let sum = levels.reduce(0, +)
            let at = "\(arm) patient \(patient) day \(day) \(hormone)"
            #expect(row["\(hormone)_trough.systemic"]! == levels.min()!, "\(at)")
            #expect(abs(row["\(hormone)_mean_over_interval.systemic"]! - sum / Double(levels.count)) <= 1e-12 * sum, "\(at)")
            #expect(abs(row["\(hormone)_auc.systemic"]! - sum) <= 1e-12 * sum, "\(at)")
            if levels.min()! < levels.max()! * 0.95 { varied += 1 }
          }
        }
      }
    }
    // The test means something only if levels move within windows (missed patches, depot).
    #expect(varied > 100)
  }

  @Test("statistics at an output day do not depend on the other output days; other rows unchanged")
  func independentOfOutputGrid() throws {
    let daily = temporaryPath("interval-grid-daily"), sparse = temporaryPath("interval-grid-sparse")
    #expect(try bonesim(["run", Self.fixture, "--out", daily, "--quiet"]).status == 0)
    // Output days 0, 3, 17, 20, 40 instead of every day.
    let text = try read(Self.fixture).replacingOccurrences(of: "output_interval_days: 1\n", with: "output_interval_days: 20\noutput_days: [3, 17]\n")
    let file = temporaryPath("interval-grid.yaml")
    try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    let r = try bonesim(["run", file, "--out", sparse, "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    func rows(_ path: String) throws -> [String: String] {
      Dictionary(
        uniqueKeysWithValues: try read(path).split(separator: "\n").dropFirst().map {
          let f = $0.split(separator: ",", omittingEmptySubsequences: false)
          return (f[1...5].joined(separator: ","), f[6...].joined(separator: ","))
        })
    }
    let all = try rows("\(daily)/summary.csv"), some = try rows("\(sparse)/summary.csv")
    #expect(some.count == 2 * 5 * 12)  // arms × days (0, 3, 17, 20, 40) × outputs
    for (key, value) in some { #expect(all[key] == value, "\(key)") }
  }

  @Test("not written unless named; a full run's rows are unchanged by naming them")
  func optIn() throws {
    let plain = temporaryPath("interval-plain"), named = temporaryPath("interval-named")
    #expect(try bonesim(["run", Self.fixture, "--out", plain, "--quiet", "--outputs", "estradiol,testosterone"]).status == 0)
    #expect(try bonesim(["run", Self.fixture, "--out", named, "--quiet", "--outputs", "estradiol,testosterone,testosterone_trough"]).status == 0)
    let a = try read("\(plain)/summary.csv").split(separator: "\n")
    let b = try read("\(named)/summary.csv").split(separator: "\n").filter { !$0.contains("testosterone_trough") }
    #expect(a == b)
    let manifest = try read("\(plain)/manifest.json")
    #expect(!manifest.contains("intervalStatistics"))
    // An unknown statistic is named with a near miss.
    let bad = try bonesim(["run", Self.fixture, "--out", temporaryPath("interval-bad"), "--quiet", "--outputs", "estradiol_troff"])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("did you mean 'estradiol_trough'"), "\(bad.stderr)")
  }

  @Test("windows: the longest dosing period of the agent, made whole days")
  func windows() throws {
    func scenario(_ dosing: String) throws -> Scenario {
      try Scenario.decode(
        ScenarioNode.parse(
          """
          name: w
          duration_days: 100
          output_interval_days: 10
          cohort: {patients: 1, seed: 1}
          control: a
          arms:
            a: {}
            b:
              dosing:
          \(dosing)
          """, file: "w.yaml"))
    }
    let patch = "      - {agent: estradiol, route: transdermal, rate: 50 ug/day, interval: 3.5 days}"
    let weekly = "      - {agent: testosterone_cypionate, route: subcutaneous, dose: 10 mg, interval: 7 days}"
    let third = "      - {agent: estradiol, route: transdermal, rate: 50 ug/day, interval: 2.25 days}"
    let odd = "      - {agent: estradiol, route: transdermal, rate: 50 ug/day, interval: 1.3 days}"
    let cyclic = "      - {agent: progesterone, route: oral, dose: 200 mg, interval: 1 day, cycle: {on_for: 12 days, off_for: 16 days}}"
    #expect(DosingIntervalStatistic.windowDays(agents: ["estradiol"], scenario: try scenario(patch)) == 7)
    #expect(DosingIntervalStatistic.windowDays(agents: ["estradiol"], scenario: try scenario(third)) == 9)
    #expect(DosingIntervalStatistic.windowDays(agents: ["estradiol"], scenario: try scenario(odd)) == 2)
    #expect(DosingIntervalStatistic.windowDays(agents: ["estradiol"], scenario: try scenario(weekly)) == DosingIntervalStatistic.defaultWindowDays)
    #expect(DosingIntervalStatistic.windowDays(agents: ["testosterone_cypionate"], scenario: try scenario(weekly)) == 7)
    #expect(DosingIntervalStatistic.windowDays(agents: ["progesterone"], scenario: try scenario(cyclic)) == 28)
    #expect(DosingIntervalStatistic.windowDays(agents: ["estradiol"], scenario: try scenario(patch.replacingOccurrences(of: "}", with: ", stop_day: 50}") + "\n" + odd.replacingOccurrences(of: "}", with: ", start_day: 50}"))) == 7)
  }
}
