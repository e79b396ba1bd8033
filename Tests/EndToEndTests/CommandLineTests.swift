import Foundation
import Testing

@Suite("bonesim command line: contracts of DESIGN.md §3 and §4")
struct CommandLineTests {
  @Test("--help lists every subcommand; run --help lists every option of the contract")
  func help() throws {
    let top = try bonesim(["--help"])
    #expect(top.status == 0)
    for sub in ["run", "check", "list", "sweep", "reference"] { #expect(top.stdout.contains("  \(sub) "), "\(sub)") }
    let run = try bonesim(["run", "--help"])
    for option in ["--out", "--patients", "--seed", "--threads", "--per-patient", "--quiet"] {
      #expect(run.stdout.contains(option), "run --help lacks \(option)")
    }
    let sweep = try bonesim(["sweep", "--help"])
    for option in ["--out", "--shard", "--threads", "--quiet"] { #expect(sweep.stdout.contains(option), "sweep --help lacks \(option)") }
  }

  /// DESIGN.md §4: scenario names, arms, control (first arm listed) and outcome days of validation/targets.csv.
  static let standard: [(name: String, arms: [String], outcomeDays: [Int])] = [
    ("natural_menopause", ["untreated"], [1461, 2557, 3653]),
    ("hrt_only", ["control", "hrt", "hrt_testosterone"], [365, 730]),
    ("exercise_only", ["control", "high_intensity", "moderate_resistance", "low_impact"], [243, 365]),
    ("combined", ["control", "hrt", "exercise", "hrt_exercise"], [730]),
    ("fha_energy_deficit", ["deficit", "hrt", "energy_restored", "energy_restored_hrt"], [730]),
    ("hrt_discontinuation", ["never", "continued", "stopped"], [1461, 1826]),
    ("testosterone_anastrozole", ["estradiol_progesterone", "testosterone", "testosterone_anastrozole", "anastrozole_only"], [14, 365]),
  ]

  @Test("list shows the seven standard scenarios with their arms")
  func list() throws {
    let result = try bonesim(["list"])
    #expect(result.status == 0)
    for s in Self.standard {
      let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("\(s.name)\t") }
      #expect(line?.contains("arms: \(s.arms.joined(separator: ", "))") == true, "\(s.name)")
    }
  }

  @Test("each standard scenario runs; headers are the contract; arms, control and outcome days are there", arguments: CommandLineTests.standard.map(\.name))
  func standardScenario(name: String) throws {
    let spec = Self.standard.first { $0.name == name }!
    let out = temporaryPath(name)
    let result = try bonesim(["run", name, "--out", out, "--patients", "40", "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try read("\(out)/summary.csv").split(separator: "\n")
    let effects = try read("\(out)/effects.csv").split(separator: "\n")
    #expect(summary.first == "scenario,arm,day,variable,site,unit,n,mean,sd,p05,p25,p50,p75,p95")
    #expect(effects.first == "scenario,arm,comparator,day,variable,site,mean_difference,ci_low,ci_high,n")
    let arms = Set(summary.dropFirst().map { $0.split(separator: ",")[1] })
    #expect(arms == Set(spec.arms.map { Substring($0) }))
    let days = Set(summary.dropFirst().map { Int($0.split(separator: ",")[2])! })
    for d in spec.outcomeDays { #expect(days.contains(d), "day \(d)") }
    for line in effects.dropFirst() { #expect(line.split(separator: ",")[2] == spec.arms[0]) }
    #expect(effects.count - 1 == (spec.arms.count - 1) * days.count * 23)  // 23 outputs (docs/OUTPUTS.md)
    let manifest = try JSONSerialization.jsonObject(with: Data(read("\(out)/manifest.json").utf8)) as! [String: Any]
    let files = manifest["files"] as! [[String: Any]]
    #expect(files.map { $0["path"] as! String } == ["summary.csv", "effects.csv"])
    #expect(files[0]["rows"] as? Int == summary.count - 1)
    #expect(manifest["patients"] as? Int == 40)
    let listed = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    #expect(listed == ["effects.csv", "manifest.json", "summary.csv"], "no temporary files left")
  }
}

@Suite("--per-patient files")
struct PerPatientTests {
  @Test("patients.csv has one row per patient x arm x output day, covariates one per patient, ids shared by arms")
  func rows() throws {
    let out = temporaryPath("pp")
    let r = try bonesim(["run", "Tests/Fixtures/scenarios/sweeps/small_hrt.yaml", "--out", out, "--patients", "30", "--per-patient", "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    let patients = try read("\(out)/patients.csv").split(separator: "\n")
    let covariates = try read("\(out)/patients_covariates.csv").split(separator: "\n")
    // small_hrt: 2 arms, days 0, 30, 60, 90, 120.
    #expect(patients.count == 1 + 30 * 2 * 5)
    #expect(patients[0].hasPrefix("scenario,arm,patient,day,bmd.lumbar_spine,bmd.femoral_neck,"))
    #expect(covariates.count == 1 + 30)
    #expect(covariates[0] == "scenario,patient,patient.yearsSinceFMP,iiv.turnover")
    let ids = patients.dropFirst().map { $0.split(separator: ",")[2] }
    #expect(Set(ids).count == 30)
    #expect(patients[1].hasPrefix("small_hrt,control,0,0,") && patients[6].hasPrefix("small_hrt,hrt,0,0,"))
  }
}
