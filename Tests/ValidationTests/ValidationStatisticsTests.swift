import BoneSim
import Foundation
import Testing

/// Hand-built results with known answers.
struct FakeResults: ScenarioResults {
  /// (arm, day) → (n, mean, sd) for one variable/site.
  var table: [String: ArmDaySummary] = [:]
  var paired: [String: (Double, Double, Double, Int)] = [:]

  mutating func set(_ arm: String, _ day: Int, mean: Double, sd: Double = 1, n: Int = 100) {
    table["\(arm)@\(day)"] = ArmDaySummary(n: n, mean: mean, sd: sd)
  }

  func summary(arm: String, variable: String, site: String, day: Int) -> ArmDaySummary? { table["\(arm)@\(day)"] }

  func pairedDifference(arm: String, comparator: String, variable: String, site: String, day: Int)
    -> (mean: Double, low: Double, high: Double, n: Int)?
  {
    paired["\(arm)-\(comparator)@\(day)"].map { ($0.0, $0.1, $0.2, $0.3) }
  }
}

func target(_ statistic: String, arm: String = "a", comparator: String = "", arm2: String = "", comparator2: String = "",
            start: String = "", end: Int = 730, reference: String = "", scale: String = "1", band: (String, String) = ("-inf", "inf"),
            role: String = "check") throws -> ValidationTarget {
  let header = "id,scenario,arm,comparator,arm2,comparator2,site,variable,statistic,day_start,day_end,reference_day,scale,published,published_low,published_high,band_low,band_high,required,role,evidence,source"
  let row = "T,s,\(arm),\(comparator),\(arm2),\(comparator2),lumbar_spine,bmd_pct_change,\(statistic),\(start),\(end),\(reference),\(scale),,,,\(band.0),\(band.1),yes,\(role),R,\"Doe J, Roe R. A \"\"quoted\"\" title, 2020\""
  return try #require(ValidationTarget.parse(header + "\n" + row + "\n", file: "t.csv").first)
}

@Suite("Validation statistics on hand-built cohorts")
struct ValidationStatisticsTests {
  @Test("two arms whose BMD differ by exactly 2.0 % give a difference of 2.0 with an interval around it")
  func difference() throws {
    var r = FakeResults()
    r.set("a", 730, mean: -1.0, sd: 2, n: 400)
    r.set("c", 730, mean: -3.0, sd: 2, n: 400)
    let o = try target("difference", comparator: "c").evaluate(r)
    #expect(o.simulated == 2.0)
    #expect(abs((o.high - o.low) / 2 - 1.96 * (8.0 / 400).squareRoot()) < 1e-12)
    // A paired interval from the run takes precedence.
    r.paired["a-c@730"] = (2.0, 1.9, 2.1, 400)
    let paired = try target("difference", comparator: "c").evaluate(r)
    #expect(paired.low == 1.9 && paired.high == 2.1)
  }

  @Test("change, share, percent change, interaction and scale follow their definitions")
  func definitions() throws {
    var r = FakeResults()
    r.set("a", 0, mean: 0); r.set("a", 1461, mean: -1); r.set("a", 2557, mean: -8); r.set("a", 3653, mean: -11)
    #expect(try target("change", start: "0", end: 3653).evaluate(r).simulated == -11)
    #expect(abs(try target("share", start: "1461", end: 2557, reference: "3653").evaluate(r).simulated - 100 * 7.0 / 11) < 1e-12)
    r.set("e", 0, mean: 20); r.set("e", 14, mean: 4)
    #expect(abs(try target("percent_change", arm: "e", start: "0", end: 14).evaluate(r).simulated + 80) < 1e-12)
    r.set("x", 730, mean: 5); r.set("y", 730, mean: 1); r.set("u", 730, mean: 3); r.set("v", 730, mean: 0)
    #expect(try target("interaction", arm: "x", comparator: "y", arm2: "u", comparator2: "v").evaluate(r).simulated == 1)
    #expect(try target("value", arm: "x", scale: "0.5").evaluate(r).simulated == 2.5)
    // A deficit of -10 at day 100 that is -9 at day 900: 10 % of it recovered.
    r.set("m", 100, mean: -12); r.set("n", 100, mean: -2); r.set("m", 900, mean: -10); r.set("n", 900, mean: -1)
    #expect(abs(try target("recovered_share", arm: "m", comparator: "n", start: "100", end: 900).evaluate(r).simulated - 0.1) < 1e-12)
    // A gain of 4 after year 1 that grows by 1 between years 3 and 4: a ratio of 0.25.
    r.set("g", 365, mean: 3); r.set("h", 365, mean: -1); r.set("g", 1096, mean: 4); r.set("h", 1096, mean: -2)
    r.set("g", 1461, mean: 4.5); r.set("h", 1461, mean: -2.5)
    #expect(abs(try target("gain_ratio", arm: "g", comparator: "h", start: "1096", end: 1461, reference: "365").evaluate(r).simulated - 0.25) < 1e-12)
  }

  @Test("a property row passes only when its whole 95 % interval lies in the band; a fit or check row on its mean")
  func propertyInterval() throws {
    var r = FakeResults()
    r.set("a", 730, mean: 0.19, sd: 3.5, n: 400)  // interval ≈ 0.19 ± 0.34: mean above 0, interval not
    r.set("c", 730, mean: 0, sd: 0.001, n: 400)
    #expect(try target("difference", comparator: "c", band: ("0", "inf"), role: "check").evaluate(r).pass)
    #expect(!(try target("difference", comparator: "c", band: ("0", "inf"), role: "property").evaluate(r).pass))
    r.set("a", 730, mean: 1.0, sd: 3.5, n: 400)
    #expect(try target("difference", comparator: "c", band: ("0", "inf"), role: "property").evaluate(r).pass)
  }

  @Test("pass means the simulated value lies in the band")
  func band() throws {
    var r = FakeResults()
    r.set("a", 730, mean: 6.0)
    #expect(try target("value", band: ("5.83", "7.89")).evaluate(r).pass)
    #expect(!(try target("value", band: ("6.5", "7.89")).evaluate(r).pass))
  }

  @Test("missing results are an error naming the target, not a silent NaN")
  func missing() throws {
    #expect(throws: ValidationError.self) { try target("value").evaluate(FakeResults()) }
  }

  @Test("the committed targets cover C1-C29 and the properties; a third of the numeric rows and every property are held out of the fit")
  func committedTargets() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("validation/targets.csv"), encoding: .utf8)
    let targets = try ValidationTarget.parse(text, file: "validation/targets.csv")
    let ids = Set(targets.map { String($0.id.split(separator: " ")[0]) })
    for id in (1...29).map({ "C\($0)" }) + ["C6b", "B4", "synergy", "fade", "order", "perimenopause", "adapt", "detraining"] {
      #expect(ids.contains(id), "\(id)")
    }
    #expect(targets.first { $0.id == "C4" }?.source.contains("Endocr Rev 2002") == true)
    let numeric = targets.filter { $0.role != .property }
    let held = numeric.filter { $0.role == .check }
    #expect(3 * held.count >= numeric.count, "\(held.count) of \(numeric.count) numeric rows held out")
    for t in targets where t.id.hasPrefix("C") == false && t.id != "B4" { #expect(t.role == .property, "\(t.id)") }
    // Every scenario a row names exists: standard scenarios or validation/scenarios/.
    for name in Set(targets.map(\.scenario)) {
      let standard = root.appendingPathComponent("scenarios/\(name).yaml").path
      let validation = root.appendingPathComponent("validation/scenarios/\(name).yaml").path
      #expect(FileManager.default.fileExists(atPath: standard) || FileManager.default.fileExists(atPath: validation), "\(name)")
    }
  }

  @Test("a malformed targets file names file, line and field")
  func malformed() throws {
    let header = "id,scenario,arm,comparator,arm2,comparator2,site,variable,statistic,day_start,day_end,reference_day,scale,published,published_low,published_high,band_low,band_high,required,role,evidence,source"
    do {
      _ = try ValidationTarget.parse(header + "\nX,s,a,,,,lumbar_spine,bmd,mean_of,,730,,1,,,,0,1,yes,check,R,src\n", file: "bad.csv")
      Issue.record("accepted an unknown statistic")
    } catch let e as TargetsFileError {
      // "X,s,a,,,,lumbar_spine,bmd," is 26 characters: the statistic starts in column 27.
      #expect(e.description.hasPrefix("bad.csv:2:27: statistic: unknown 'mean_of'"))
    }
    do {
      _ = try ValidationTarget.parse(header + "\nX,s,a,,,,lumbar_spine,bmd,difference,,730,,1,,,,0,1,yes,check,R,src\n", file: "bad.csv")
      Issue.record("accepted a difference without comparator")
    } catch let e as TargetsFileError {
      // The (empty) comparator is the fourth field, after "X,s,a,": column 7.
      #expect(e.description == "bad.csv:2:7: comparator: required for statistic difference")
    }
  }
}
