import Foundation
import Testing

/// `outputs:` in a scenario and `--outputs` on the command line (issue 17): only the chosen
/// variables are written, their rows are exactly those of a full run, and the manifest's
/// column table still equals what was written.
@Suite("outputs: and --outputs select what is written")
struct OutputSelectionTests {
  static let tiny = "Tests/Fixtures/manifest_columns/tiny.yaml"
  static let selected = "Tests/Fixtures/usability/selected_outputs.yaml"

  /// (variable, site) of every data row of a summary or effects file.
  static func variables(_ path: String, variableField: Int) throws -> Set<String> {
    Set(try read(path).split(separator: "\n").dropFirst().map {
      let f = $0.split(separator: ",", omittingEmptySubsequences: false)
      return "\(f[variableField]).\(f[variableField + 1])"
    })
  }

  /// Rows of a file without the scenario column (the fixtures' scenario names differ).
  static func rows(_ path: String) throws -> [String] {
    try read(path).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst().joined(separator: ",") }
  }

  @Test("outputs: in the scenario writes those rows only, byte for byte as in a full run")
  func scenarioOutputs() throws {
    let full = temporaryPath("outputs-full"), sel = temporaryPath("outputs-selected")
    #expect(try bonesim(["run", Self.tiny, "--out", full, "--quiet"]).status == 0)
    let r = try bonesim(["run", Self.selected, "--out", sel, "--quiet", "--per-patient"])
    #expect(r.status == 0, "\(r.stderr)")
    let chosen: Set = ["bmd_pct_change.lumbar_spine", "bmd_pct_change.femoral_neck", "estradiol.systemic"]
    #expect(try Self.variables("\(sel)/summary.csv", variableField: 3) == chosen)
    #expect(try Self.variables("\(sel)/effects.csv", variableField: 4) == chosen)
    for (file, field) in [("summary.csv", 3), ("effects.csv", 4)] {
      let kept = try Self.rows("\(full)/\(file)").filter { row in
        let f = row.split(separator: ",", omittingEmptySubsequences: false)
        return chosen.contains("\(f[field - 1]).\(f[field])")
      }
      #expect(try Self.rows("\(sel)/\(file)") == kept, "\(file)")
    }
    let header = try read("\(sel)/patients.csv").split(separator: "\n")[0]
    #expect(header == "scenario,arm,patient,day,bmd_pct_change.lumbar_spine,bmd_pct_change.femoral_neck,estradiol.systemic")
    // The manifest lists exactly the columns written.
    let manifest = try JSONSerialization.jsonObject(with: Data(read("\(sel)/manifest.json").utf8)) as! [String: Any]
    let columns = manifest["columns"] as! [String: [[String: Any]]]
    #expect(columns["patients.csv"]!.map { $0["name"] as! String }.joined(separator: ",") == String(header))
  }

  @Test("--outputs replaces the scenario's list; sweeps take it too")
  func commandLine() throws {
    let out = temporaryPath("outputs-cli")
    let r = try bonesim(["run", Self.selected, "--out", out, "--quiet", "--outputs", "testosterone"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try Self.variables("\(out)/summary.csv", variableField: 3) == ["testosterone.systemic"])
    let sweep = temporaryPath("outputs-sweep")
    let s = try bonesim(["sweep", "Tests/Fixtures/manifest_columns/tiny_sweep.yaml", "--out", sweep, "--quiet", "--outputs", "bmd.lumbar_spine", "--patients", "2"])
    #expect(s.status == 0, "\(s.stderr)")
    #expect(try Self.variables("\(sweep)/summary.csv", variableField: 4) == ["bmd.lumbar_spine"])
    #expect(try read("\(sweep)/summary.csv").split(separator: "\n").dropFirst().allSatisfy { $0.split(separator: ",")[7] == "2" })
  }

  @Test("an unknown output is an input error that lists the outputs")
  func unknown() throws {
    let r = try bonesim(["run", Self.tiny, "--out", temporaryPath("outputs-bad"), "--quiet", "--outputs", "bmd,bmd_pct"])
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("error: --outputs:1:2: outputs: unknown output 'bmd_pct'; outputs are bmd, "), "\(r.stderr)")
  }
}
