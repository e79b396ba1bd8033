import Foundation

extension PatientRecord {
  static let keys = [
    "name", "as_of", "age", "menopause", "height", "weight", "t_score_reference", "z_score_reference", "dxa", "dxa_precision", "labs", "baseline",
  ]

  /// Areal BMD a scan may have [g/cm2], given as `bmd:` or converted from `t_score:`.
  static let bmdRange = 0.2...2.0

  /// Decodes a patient file strictly: every problem is reported with file, line and field.
  public static func decode(yaml text: String, file: String) throws -> PatientRecord {
    let root = try ScenarioNode.parse(text, file: file)
    let log = IssueLog()
    let record = decode(root, log: log)
    try log.throwIfAny()
    guard let record else { throw ScenarioError(log.issues) }
    return record
  }

  static func decode(_ root: ScenarioNode, log: IssueLog) -> PatientRecord? {
    guard let r = MappingReader(root, path: "", log: log, keys: keys) else { return nil }
    let name = r.string("name", required: true)
    if let name, !SafeName.isValid(name) {
      log.report(r.node("name")!, "name", "use letters, digits, '_', '-' or '.' only, not only dots (it names the output folder)")
    }
    let asOf = date(r, "as_of", required: true)
    // Age as a bare number of years too (`age: 52`).
    let age = r.node("age").flatMap { n -> Double? in
      if case .scalar(let s, _) = n, let v = Double(s.trimmingCharacters(in: .whitespaces)) {
        guard (18...100).contains(v) else {
          log.report(n, "age", "must be between 18 and 100 y, found \(s)")
          return nil
        }
        return v
      }
      return r.quantity("age", in: "y", range: 18...100)
    } ?? { r.reportMissing("age"); return nil }()
    let yearsSinceFMP = menopause(r, asOf: asOf)
    if let age, let y = yearsSinceFMP, age - y < 25 || age - y > 65 {
      log.report(r.node("menopause")!, "menopause", "puts the final menstrual period at age \(CompactNumber(((age - y) * 10).rounded() / 10)); expected 25 to 65")
    }
    let height = length(r, "height")
    let weight = mass(r, "weight")

    var references = NamedTScoreReference.defaults
    for e in r.entries("t_score_reference") ?? [] {
      let f = "t_score_reference.\(e.key)"
      guard let site = dxaSite(e.key, at: e.keyPosition, field: f, log: log) else { continue }
      guard let rr = MappingReader(e.value, path: f, log: log, keys: ["mean", "sd", "name"]) else { continue }
      let mean = rr.quantity("mean", in: "g/cm2", range: 0.3...2, required: true)
      let sd = rr.quantity("sd", in: "g/cm2", range: 0.01...0.5, required: true)
      let label = rr.string("name", required: true)
      if let mean, let sd, let label { references[site] = .init(mean: mean, sd: sd, name: label) }
    }

    var ageMatched: [DXASite: ZScoreReference] = [:]
    for e in r.entries("z_score_reference") ?? [] {
      let f = "z_score_reference.\(e.key)"
      guard let site = dxaSite(e.key, at: e.keyPosition, field: f, log: log) else { continue }
      ageMatched[site] = CohortSpec.decodeZScoreReference(e.value, site: site.inputSuffix, path: f, log: log)
    }

    var precision: [DXASite: Double] = [:]
    for e in r.entries("dxa_precision") ?? [] {
      let f = "dxa_precision.\(e.key)"
      guard let site = dxaSite(e.key, at: e.keyPosition, field: f, log: log) else { continue }
      guard case .scalar(let s, _) = e.value else {
        log.report(e.value, f, "expected a percentage such as '1.5 %', found \(e.value.kindDescription)")
        continue
      }
      if let v = MappingReader.quantity(s, node: e.value, field: f, unit: "%", range: 0.1...10, log: log) { precision[site] = v / 100 }
    }

    var dxa: [DXAResult] = []
    let scans = r.list("dxa")
    if let scans, scans.isEmpty {
      log.report(r.node("dxa")!, "dxa", "needs at least one scan (the forecast scales her BMD from it), found an empty list")
    }
    for (i, item) in (scans ?? []).enumerated() {
      let f = "dxa[\(i)]"
      guard let dr = MappingReader(item, path: f, log: log, keys: ["date", "site", "bmd", "t_score"]) else { continue }
      let when = date(dr, "date", required: true)
      let site = dr.choice("site", DXASite.allCases.map(\.rawValue), required: true).flatMap(DXASite.init(rawValue:))
      let bmd = dr.quantity("bmd", in: "g/cm2", range: bmdRange)
      let t = dr.number("t_score", in: -6...6)
      if dr.has("bmd") == dr.has("t_score") {
        log.report(item, f, "give either bmd (g/cm2) or t_score, not \(dr.has("bmd") ? "both" : "neither")")
        continue
      }
      if let asOf, let when, when > asOf {
        log.report(dr.node("date")!, "\(f).date", "scan dated \(when) is after as_of (\(asOf)); a forecast conditions on the past only")
      }
      guard let when, let site else { continue }
      if let bmd {
        dxa.append(DXAResult(date: when, site: site, bmd: bmd, tScore: nil, position: item.position))
      } else if let t, let ref = references[site] {
        // A T-score under a user-named reference must still give a BMD a `bmd:` would accept.
        let converted = ref.mean + t * ref.sd
        guard bmdRange.contains(converted) else {
          log.report(
            dr.node("t_score")!, "\(f).t_score",
            "T-score \(CompactNumber(t)) gives a BMD of \(CompactNumber((converted * 1000).rounded() / 1000)) g/cm2 with the \(site.rawValue) reference (\(ref.name): \(CompactNumber(ref.mean)) ± \(CompactNumber(ref.sd)) g/cm2); expected \(CompactNumber(bmdRange.lowerBound)) to \(CompactNumber(bmdRange.upperBound)) g/cm2: check the T-score and t_score_reference.\(site.rawValue)")
          continue
        }
        dxa.append(DXAResult(date: when, site: site, bmd: converted, tScore: t, position: item.position))
      }
    }
    if r.node("dxa") == nil { r.reportMissing("dxa", hint: " (at least one scan: the forecast scales her BMD from it)") }

    var labs: [LabResult] = []
    for (i, item) in (r.list("labs") ?? []).enumerated() {
      let f = "labs[\(i)]"
      guard let lr = MappingReader(item, path: f, log: log, keys: ["date", "analyte", "value", "assay", "cv"]) else { continue }
      let when = date(lr, "date", required: true)
      guard let analyte = lr.choice("analyte", Analyte.allCases.map(\.rawValue), required: true).flatMap(Analyte.init(rawValue:))
      else { continue }
      var value: Double?
      if let (s, n) = lr.scalar("value", required: true) {
        if let q = Quantity(parsing: s), let factor = analyte.units[q.unit] {
          if q.value > 0 && q.value.isFinite { value = q.value * factor } else {
            log.report(n, "\(f).value", "must be a positive number, found '\(s)'")
          }
        } else {
          let units = analyte.units.keys.sorted().joined(separator: ", ")
          log.report(n, "\(f).value", "expected a value with a unit (\(units)) such as '12 \(analyte.canonicalUnit)', found '\(s)'")
        }
      }
      let assay = lr.choice("assay", analyte.assays.keys.sorted()) ?? analyte.defaultAssay
      let cv = lr.node("cv").flatMap { node -> Double? in
        guard case .scalar(let s, _) = node else {
          log.report(node, "\(f).cv", "expected a percentage such as '20 %', found \(node.kindDescription)")
          return nil
        }
        return MappingReader.quantity(s, node: node, field: "\(f).cv", unit: "%", range: 1...200, log: log).map { $0 / 100 }
      }
      if let asOf, let when, when > asOf {
        log.report(lr.node("date")!, "\(f).date", "sample dated \(when) is after as_of (\(asOf)); a forecast conditions on the past only")
      }
      guard let when, let value else { continue }
      labs.append(LabResult(date: when, analyte: analyte, value: value, assay: assay, cv: cv ?? analyte.assays[assay] ?? 0.25, position: item.position))
    }
    let baseline = r.node("baseline").flatMap {
      Arm.decode($0, name: "baseline", path: "baseline", log: log, keys: Arm.baselineKeys)
    }
    if let baseline {
      for c in baseline.timeCourses where c.points.count > 1 {
        log.report(c.position, c.field, "a patient's baseline holds what she does now: give a constant, not a time course")
      }
      for e in baseline.exercise where e.startDay != 0 || e.stopDay != nil {
        log.report(e.position, e.field, "a patient's baseline holds what she does now: leave out start_day and stop_day")
      }
    }
    guard let name, let asOf, let age, let yearsSinceFMP else { return nil }
    return PatientRecord(
      name: name, asOf: asOf, age: age, yearsSinceFMP: yearsSinceFMP, heightCm: height, weightKg: weight,
      tScoreReference: references, zScoreReference: ageMatched, dxa: dxa, dxaPrecision: precision, labs: labs, baseline: baseline, position: root.position)
  }

  /// The site a per-site key names (`lumbar_spine`, `femoral_neck`), or nil with an issue.
  static func dxaSite(_ key: String, at position: SourcePosition, field: String, log: IssueLog) -> DXASite? {
    guard let site = DXASite(rawValue: key) else {
      log.report(position, field, "unknown site '\(key)'; sites are \(DXASite.allCases.map(\.rawValue).joined(separator: ", "))")
      return nil
    }
    return site
  }

  /// `menopause: {years_since_fmp: 2 y}` or `{fmp_date: 2024-11-01}`: years from the FMP to `asOf`.
  static func menopause(_ r: MappingReader, asOf: CivilDate?) -> Double? {
    guard let n = r.required("menopause") else { return nil }
    guard let m = MappingReader(n, path: "menopause", log: r.log, keys: ["years_since_fmp", "fmp_date"]) else { return nil }
    if m.has("years_since_fmp") == m.has("fmp_date") {
      r.log.report(n, "menopause", "give either years_since_fmp (negative if she still menstruates: your estimate) or fmp_date, not \(m.has("fmp_date") ? "both" : "neither")")
      return nil
    }
    if m.has("years_since_fmp") { return m.quantity("years_since_fmp", in: "y", range: -15...50) }
    guard let fmp = date(m, "fmp_date", required: true), let asOf else { return nil }
    return Double(fmp.days(to: asOf)) / UnitConversion.daysPerYear
  }

  static func date(_ r: MappingReader, _ key: String, required: Bool) -> CivilDate? {
    guard let (s, n) = r.scalar(key, required: required) else { return nil }
    guard let d = CivilDate(parsing: s) else {
      r.log.report(n, r.field(key), "expected a date YYYY-MM-DD (1900 to 2200), found '\(s)'")
      return nil
    }
    return d
  }

  /// Height in cm (`165 cm` or `1.65 m`).
  static func length(_ r: MappingReader, _ key: String) -> Double? {
    guard let (s, n) = r.scalar(key, required: false) else { return nil }
    let factors = ["cm": 1.0, "m": 100.0]
    guard let q = Quantity(parsing: s), let factor = factors[q.unit], (100...230).contains(q.value * factor) else {
      r.log.report(n, r.field(key), "expected a height from 100 to 230 cm such as '165 cm' or '1.65 m', found '\(s)'")
      return nil
    }
    return q.value * factor
  }

  /// Mass in kg (`57 kg`).
  static func mass(_ r: MappingReader, _ key: String) -> Double? {
    guard let (s, n) = r.scalar(key, required: false) else { return nil }
    guard let q = Quantity(parsing: s), let v = q.value(in: "kg"), (25...250).contains(v) else {
      r.log.report(n, r.field(key), "expected a weight from 25 to 250 kg such as '57 kg', found '\(s)'")
      return nil
    }
    return v
  }
}
