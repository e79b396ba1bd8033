import Foundation
import Testing

/// T- and Z-score outputs (issue 14), recomputed here from the BMD the same run writes and the
/// references: the spine's published default (Hologic L1–L4 young white women 1.047 ± 0.110
/// g/cm2) and the fixture's own femoral-neck tables, interpolated here by hand.
@Suite("T- and Z-score outputs")
struct BMDScoreTests {
  static let fixture = "Tests/Fixtures/usability/bmd_scores.yaml"

  /// The fixture's age table at `age` [y]: linear between 50, 56 and 70 y, constant outside.
  static func zReference(age: Double) -> (mean: Double, sd: Double) {
    let table: [(age: Double, mean: Double, sd: Double)] = [(50, 0.80, 0.11), (56, 0.77, 0.12), (70, 0.65, 0.12)]
    if age <= table[0].age { return (table[0].mean, table[0].sd) }
    for i in 1..<table.count where age <= table[i].age {
      let w = (age - table[i - 1].age) / (table[i].age - table[i - 1].age)
      return (table[i - 1].mean + w * (table[i].mean - table[i - 1].mean), table[i - 1].sd + w * (table[i].sd - table[i - 1].sd))
    }
    return (table.last!.mean, table.last!.sd)
  }

  @Test("every patient's scores are her BMD against the reference at her age on the day")
  func perPatient() throws {
    let out = temporaryPath("bmd-scores")
    let r = try bonesim(["run", Self.fixture, "--out", out, "--quiet", "--per-patient"])
    #expect(r.status == 0, "\(r.stderr)")
    let lines = try read("\(out)/patients.csv").split(separator: "\n")
    let header = lines[0].split(separator: ",").map(String.init)
    let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
    var checked = 0
    var zSpread: [Double] = []
    for line in lines.dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let day = Double(f[column["day"]!])!
      func value(_ name: String) -> Double { Double(f[column[name]!])! }
      let ls = value("bmd.lumbar_spine"), fn = value("bmd.femoral_neck")
      #expect(abs(value("t_score.lumbar_spine") - (ls - 1.047) / 0.110) <= 1e-12)
      #expect(abs(value("t_score.femoral_neck") - (fn - 0.90) / 0.10) <= 1e-12)
      let ref = Self.zReference(age: 55 + day / 365.25)
      #expect(abs(value("z_score.femoral_neck") - (fn - ref.mean) / ref.sd) <= 1e-12, "day \(day)")
      #expect(column["z_score.lumbar_spine"] == nil)
      zSpread.append(value("z_score.femoral_neck") - value("t_score.femoral_neck"))
      checked += 1
    }
    #expect(checked == 40 * 2 * 4)
    // The age table moves between output days, so Z − T is not one constant.
    #expect(zSpread.max()! - zSpread.min()! > 0.1)
    let manifest = try JSONSerialization.jsonObject(with: Data(read("\(out)/manifest.json").utf8)) as! [String: Any]
    let references = manifest["scoreReferences"] as! [String: String]
    #expect(references["t_score.lumbar_spine"]?.contains("Hologic") == true)
    #expect(references["t_score.femoral_neck"]?.contains("test reference") == true)
    #expect(references["z_score.femoral_neck"]?.contains("test table") == true)
  }

  @Test("summary means of scores are the scores of mean BMD (the transformation is affine)")
  func summaryMeans() throws {
    let out = temporaryPath("bmd-scores-summary")
    let r = try bonesim(["run", Self.fixture, "--out", out, "--quiet", "--outputs", "bmd.lumbar_spine,t_score.lumbar_spine"])
    #expect(r.status == 0, "\(r.stderr)")
    var means: [String: Double] = [:]
    for line in try read("\(out)/summary.csv").split(separator: "\n").dropFirst() {
      let f = line.split(separator: ",").map(String.init)
      means["\(f[1]) \(f[2]) \(f[3])"] = Double(f[7])!
    }
    #expect(means.count == 2 * 4 * 2)
    for (key, t) in means where key.hasSuffix("t_score") {
      let bmd = means[key.replacingOccurrences(of: "t_score", with: "bmd")]!
      #expect(abs(t - (bmd - 1.047) / 0.110) <= 1e-9, "\(key)")
    }
  }

  @Test("a Z-score without an age-matched reference, or a reference for an unknown site, is refused")
  func refusals() throws {
    let missing = try bonesim(["run", Self.fixture, "--out", temporaryPath("z-missing"), "--quiet", "--outputs", "z_score"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("z_score.lumbar_spine needs an age-matched reference"), "\(missing.stderr)")
    #expect(missing.stderr.contains("cohort.z_score_reference.lumbarSpine"))
    let dir = temporaryPath("z-site")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let text = try read(Self.fixture).replacingOccurrences(of: "    femoral_neck:\n      name: test table", with: "    femur:\n      name: test table")
    try text.write(toFile: "\(dir)/scenario.yaml", atomically: true, encoding: .utf8)
    let site = try bonesim(["run", "\(dir)/scenario.yaml", "--out", "\(dir)/out", "--quiet"])
    #expect(site.status == 2)
    #expect(site.stderr.contains("scenario.yaml:17:5: cohort.z_score_reference.femur: unknown site 'femur'"), "\(site.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(dir)/out"))
  }
}
