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
            start: String = "", end: Int = 730, reference: String = "", scale: String = "1", band: (String, String) = ("-inf", "inf")) throws -> ValidationTarget {
  let header = "id,scenario,arm,comparator,arm2,comparator2,site,variable,statistic,day_start,day_end,reference_day,scale,published,published_low,published_high,band_low,band_high,required,evidence,source"
  let row = "T,s,\(arm),\(comparator),\(arm2),\(comparator2),lumbar_spine,bmd_pct_change,\(statistic),\(start),\(end),\(reference),\(scale),,,,\(band.0),\(band.1),yes,R,\"Doe J, Roe R. A \"\"quoted\"\" title, 2020\""
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

  @Test("the committed targets file parses and covers every CALIBRATION.md row")
  func committedTargets() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("validation/targets.csv"), encoding: .utf8)
    let targets = try ValidationTarget.parse(text, file: "validation/targets.csv")
    let ids = Set(targets.map { String($0.id.split(separator: " ")[0]) })
    for id in (1...16).map({ "C\($0)" }) + ["C6b", "synergy", "fade", "order"] { #expect(ids.contains(id), "\(id)") }
    #expect(targets.first { $0.id == "C4" }?.source.contains("Endocr Rev 2002") == true)
  }

  @Test("a malformed targets file names file, line and field")
  func malformed() throws {
    let header = "id,scenario,arm,comparator,arm2,comparator2,site,variable,statistic,day_start,day_end,reference_day,scale,published,published_low,published_high,band_low,band_high,required,evidence,source"
    do {
      _ = try ValidationTarget.parse(header + "\nX,s,a,,,,lumbar_spine,bmd,mean_of,,730,,1,,,,0,1,yes,R,src\n", file: "bad.csv")
      Issue.record("accepted an unknown statistic")
    } catch let e as TargetsFileError {
      // "X,s,a,,,,lumbar_spine,bmd," is 26 characters: the statistic starts in column 27.
      #expect(e.description.hasPrefix("bad.csv:2:27: statistic: unknown 'mean_of'"))
    }
    do {
      _ = try ValidationTarget.parse(header + "\nX,s,a,,,,lumbar_spine,bmd,difference,,730,,1,,,,0,1,yes,R,src\n", file: "bad.csv")
      Issue.record("accepted a difference without comparator")
    } catch let e as TargetsFileError {
      // The (empty) comparator is the fourth field, after "X,s,a,": column 7.
      #expect(e.description == "bad.csv:2:7: comparator: required for statistic difference")
    }
  }
}
