import Foundation
import Testing

/// `manifest.json` lists every output column with type and unit (docs/OUTPUTS.md); a loader
/// checks the CSV against it, so the list must be exactly what was written and documented.
@Suite("manifest.json columns: the headers written, honest types, documented in OUTPUTS.md")
struct ManifestColumnsTests {
  static let fixtures = "Tests/Fixtures/manifest_columns"

  /// The manifest of a run folder, and its `columns` section.
  static func columns(_ directory: String) throws -> (manifest: [String: Any], columns: [String: [[String: Any]]]) {
    let manifest = try JSONSerialization.jsonObject(with: Data(read("\(directory)/manifest.json").utf8)) as! [String: Any]
    let columns = try #require(manifest["columns"] as? [String: [[String: Any]]], "manifest.json has no columns section")
    return (manifest, columns)
  }

  /// Every file of the manifest has columns equal to its header, and every data row's fields
  /// parse as the listed types (integer: Int; float: Double, `nan` allowed; string: non-empty).
  static func checkHeadersAndTypes(_ directory: String) throws -> [String: [[String: Any]]] {
    let (manifest, columns) = try Self.columns(directory)
    let files = (manifest["files"] as! [[String: Any]]).map { $0["path"] as! String }
    #expect(Set(columns.keys) == Set(files), "columns are listed for exactly the files written")
    for file in files {
      let lines = try read("\(directory)/\(file)").split(separator: "\n").map(String.init)
      let listed = try #require(columns[file])
      let names = listed.map { $0["name"] as! String }
      #expect(lines[0].split(separator: ",").map(String.init) == names, "\(file): header vs manifest")
      #expect(lines.count > 1, "\(file) has data rows")
      for line in lines.dropFirst() {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(fields.count == names.count, "\(file): \(line)")
        for (field, column) in zip(fields, listed) {
          switch column["type"] as! String {
          case "integer": #expect(Int(field) != nil, "\(file) \(column["name"]!): '\(field)' is not an integer")
          case "float": #expect(Double(field) != nil, "\(file) \(column["name"]!): '\(field)' is not a float")
          case "string": #expect(!field.isEmpty, "\(file) \(column["name"]!): empty string")
          case let other: Issue.record("\(file) \(column["name"]!): unknown type \(other)")
          }
        }
      }
      // Every record states all four keys; unit is a string or JSON null.
      for column in listed {
        #expect(Set(column.keys) == ["name", "type", "unit", "description"], "\(file): \(column)")
        #expect(column["unit"] is String || column["unit"] is NSNull, "\(file): \(column)")
        #expect(!(column["description"] as! String).isEmpty, "\(file): \(column)")
      }
    }
    return columns
  }

  static func unit(_ columns: [String: [[String: Any]]], _ file: String, _ name: String) -> String? {
    columns[file]?.first { $0["name"] as? String == name }?["unit"] as? String
  }

  @Test("run --per-patient: four files, each header equals its manifest columns; types parse; units as documented")
  func run() throws {
    let out = temporaryPath("columns")
    let r = try bonesim(["run", "\(Self.fixtures)/tiny.yaml", "--out", out, "--per-patient", "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    let columns = try Self.checkHeadersAndTypes(out)
    #expect(Set(columns.keys) == ["summary.csv", "effects.csv", "patients.csv", "patients_covariates.csv"])
    // Statistics take the unit of their row; effects that of their variable; counts are patients.
    for stat in ["mean", "sd", "p05", "p25", "p50", "p75", "p95"] {
      #expect(Self.unit(columns, "summary.csv", stat) == "row: unit column", "\(stat)")
    }
    #expect(Self.unit(columns, "effects.csv", "mean_difference")?.hasPrefix("row: ") == true)
    #expect(Self.unit(columns, "summary.csv", "n") == "patients")
    #expect(Self.unit(columns, "summary.csv", "day") == "day")
    #expect(Self.unit(columns, "summary.csv", "arm") == nil)
    // Per-patient outputs carry the unit written in summary.csv's unit column for that output.
    let summaryRows = try read("\(out)/summary.csv").split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    let unitOf = Dictionary(summaryRows.map { ("\($0[3]).\($0[4])", String($0[5])) }, uniquingKeysWith: { a, _ in a })
    for column in columns["patients.csv"]!.dropFirst(4) {
      let name = column["name"] as! String
      #expect(column["unit"] as? String == unitOf[name], "\(name)")
    }
    // Covariates as drawn: the unit written in the scenario, T-scores in SD, random effects 1.
    #expect(Self.unit(columns, "patients_covariates.csv", "age") == "y")
    #expect(Self.unit(columns, "patients_covariates.csv", "tScore.lumbarSpine") == "SD (T-score)")
    #expect(Self.unit(columns, "patients_covariates.csv", "iiv.turnover") == "1")
  }

  @Test("sweep: design.csv and every file start with design_point; headers equal the manifest")
  func sweep() throws {
    let out = temporaryPath("columns-sweep")
    let r = try bonesim(["sweep", "\(Self.fixtures)/tiny_sweep.yaml", "--out", out, "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    let columns = try Self.checkHeadersAndTypes(out)
    #expect(Set(columns.keys) == ["summary.csv", "effects.csv", "design.csv"])
    for (file, list) in columns {
      #expect(list.first?["name"] as? String == "design_point", "\(file)")
      #expect(list.first?["type"] as? String == "integer", "\(file)")
    }
    #expect(columns["design.csv"]!.map { $0["name"] as! String } == ["design_point", "arms.hrt.dosing.0.rate", "arms.hrt.dosing.0.rate_unit", "parameters.lumbarSpine.turnover"])
    // Typed: the numbers are floats, the unit of the rate is in the manifest and its own column.
    #expect(columns["design.csv"]!.map { $0["type"] as! String } == ["integer", "float", "string", "float"])
    #expect(Self.unit(columns, "design.csv", "arms.hrt.dosing.0.rate") == "ug/day")
    let design = try read("\(out)/design.csv")
    #expect(design == "design_point,arms.hrt.dosing.0.rate,arms.hrt.dosing.0.rate_unit,parameters.lumbarSpine.turnover\n0,25,ug/day,0.12\n1,50,ug/day,0.18\n")
  }

  @Test("docs/OUTPUTS.md names every column of every file in its section, and every variable with its unit")
  func documented() throws {
    let out = temporaryPath("columns-docs")
    #expect(try bonesim(["run", "\(Self.fixtures)/tiny.yaml", "--out", out, "--per-patient", "--quiet"]).status == 0)
    let (_, columns) = try Self.columns(out)
    let docs = try read(packageRoot.appendingPathComponent("docs/OUTPUTS.md").path)
    /// The text of the section headed "## `file`" (up to the next "## ").
    func section(_ file: String) throws -> Substring {
      let start = try #require(docs.range(of: "\n## `\(file)`"), "OUTPUTS.md has no section for \(file)")
      let rest = docs[start.upperBound...]
      return rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)]
    }
    for file in ["summary.csv", "effects.csv"] {
      let text = try section(file)
      for column in columns[file]! {
        let name = column["name"] as! String
        #expect(text.contains("`\(name)`"), "OUTPUTS.md section \(file) does not document column \(name)")
      }
    }
    // Per-patient columns: the fixed prefix in its section, each output's variable in the
    // variables table with the unit the manifest gives.
    let variablesTable = docs.split(separator: "\n").filter { $0.hasPrefix("| `") }
    for column in columns["patients.csv"]! {
      let name = column["name"] as! String
      guard name.contains(".") else {
        #expect(try section("patients.csv").contains("`\(name)`"), "patients.csv: \(name)")
        continue
      }
      let variable = String(name.split(separator: ".")[0])
      let row = variablesTable.first { $0.hasPrefix("| `\(variable)` |") }
      let documentedUnit = row.map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }[2] }
      #expect(documentedUnit == column["unit"] as? String, "OUTPUTS.md variable \(variable): unit \(documentedUnit ?? "missing") vs manifest \(column["unit"] ?? "nil")")
    }
    for column in columns["patients_covariates.csv"]!.prefix(2) {
      #expect(try section("patients_covariates.csv").contains("`\(column["name"] as! String)`"))
    }
  }
}
