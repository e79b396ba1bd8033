import Foundation
import BoneSimPhysiology

extension CohortSpec {
  static let keys = ["patients", "seed", "paired", "covariates", "variability", "correlations", "t_score_reference", "z_score_reference"]
  static let covariateKeys = ["distribution", "value", "min", "max", "mean", "sd", "median", "cv", "unit"]
  /// Largest ω (SD of log multipliers) accepted: a CV far above 300 %.
  static let maxOmega = 2.0

  static func decode(_ node: ScenarioNode, path: String, log: IssueLog) -> CohortSpec? {
    guard let r = MappingReader(node, path: path, log: log, keys: keys) else { return nil }
    let patients = r.integer("patients", in: 1...Scenario.maxPatients, required: true)
    let seed = r.integer("seed", in: 0...Int.max) ?? 1
    let paired = (r.choice("paired", ["true", "false"]) ?? "true") == "true"
    var covariates: [CovariateSpec] = []
    for e in r.entries("covariates") ?? [] {
      if let d = decodeDistribution(e.value, path: "\(path).covariates.\(e.key)", log: log) {
        var unit: String?
        if case .mapping(let pairs, _) = e.value, let u = pairs.first(where: { $0.key == "unit" }),
          case .scalar(let s, _) = u.value
        {
          unit = s
        }
        covariates.append(CovariateSpec(name: e.key, distribution: d, unit: unit, position: e.keyPosition))
      }
    }
    var effects: [RandomEffectSpec] = []
    for e in r.entries("variability") ?? [] {
      let f = "\(path).variability.\(e.key)"
      guard let vr = MappingReader(e.value, path: f, log: log, keys: ["cv", "omega"]) else { continue }
      let cv = vr.number("cv", in: 0...10)
      let omega = vr.number("omega", in: 0...maxOmega)
      switch (cv, omega) {
      case (let c?, nil): effects.append(RandomEffectSpec(input: e.key, omega: log1p(c * c).squareRoot(), position: e.keyPosition))
      case (nil, let w?): effects.append(RandomEffectSpec(input: e.key, omega: w, position: e.keyPosition))
      case (.some, .some): log.report(e.value, f, "give either 'cv' or 'omega', not both")
      case (nil, nil): if !vr.has("cv") && !vr.has("omega") { log.report(e.value, f, "give 'cv' (coefficient of variation) or 'omega' (SD of the log multiplier)") }
      }
    }
    var correlations: [Correlation] = []
    for (i, item) in (r.list("correlations") ?? []).enumerated() {
      let f = "\(path).correlations[\(i)]"
      guard let cr = MappingReader(item, path: f, log: log, keys: ["between", "rho"]) else { continue }
      let rho = cr.number("rho", in: -1...1, required: true)
      var names: [String] = []
      if let items = cr.list("between") {
        for n in items { if case .scalar(let s, _) = n { names.append(s) } }
        if names.count != 2 || names[0] == names[1] {
          cr.log.report(cr.node("between")!, cr.field("between"), "expected two different random-effect names")
          continue
        }
        for n in names where !effects.contains(where: { $0.input == n }) {
          cr.log.report(cr.node("between")!, cr.field("between"), "'\(n)' has no entry under variability\(didYouMean(n, in: effects.map(\.input)))")
        }
      } else if cr.node("between") == nil {
        cr.reportMissing("between")
      }
      guard let rho, names.count == 2 else { continue }
      // One pair, one coefficient: a second entry for the same pair (either order) is refused
      // rather than silently replacing the first.
      if let earlier = correlations.first(where: { Set([$0.first, $0.second]) == Set(names) }) {
        cr.log.report(cr.node("between")!, cr.field("between"),
          "'\(names[0])' and '\(names[1])' already have a correlation (line \(earlier.position.line)); give each pair once")
        continue
      }
      correlations.append(Correlation(first: names[0], second: names[1], rho: rho, position: item.position))
    }
    var references = TScoreReference.defaults
    for e in r.entries("t_score_reference") ?? [] {
      let f = "\(path).t_score_reference.\(e.key)"
      guard let site = referenceSite(e.key, position: e.keyPosition, field: f, log: log),
        let tr = MappingReader(e.value, path: f, log: log, keys: ["mean", "sd", "name"])
      else { continue }
      guard let m = tr.quantity("mean", in: "g/cm2", range: 0.1...3, required: true),
        let s = tr.quantity("sd", in: "g/cm2", range: 0.001...1, required: true)
      else { continue }
      references.removeAll { $0.site == site }
      references.append(TScoreReference(site: site, mean: m, sd: s, name: tr.string("name") ?? "given in the scenario"))
    }
    var ageMatched: [ZScoreReference] = []
    for e in r.entries("z_score_reference") ?? [] {
      let f = "\(path).z_score_reference.\(e.key)"
      guard let site = referenceSite(e.key, position: e.keyPosition, field: f, log: log),
        let reference = decodeZScoreReference(e.value, site: site, path: f, log: log)
      else { continue }
      ageMatched.append(reference)
    }
    guard let patients else { return nil }
    return CohortSpec(
      patients: patients, seed: UInt64(seed), paired: paired, covariates: covariates, variability: effects,
      correlations: correlations, tScoreReference: references, zScoreReference: ageMatched)
  }

  /// The site of a `t_score_reference` / `z_score_reference` key: `lumbarSpine` or
  /// `lumbar_spine` (either spelling) for the input `patient.bmd0.lumbarSpine`.
  static func referenceSite(_ key: String, position: SourcePosition, field: String, log: IssueLog) -> String? {
    let sites = Site.allCases.filter { $0 != .systemic }
    guard let site = sites.first(where: { "\($0)" == key || $0.rawValue == key }) else {
      log.report(position, field, "unknown site '\(key)'; sites are \(sites.map { "\($0)" }.joined(separator: ", "))")
      return nil
    }
    return "\(site)"
  }

  /// `{name, by_age: [{age: 50 y, mean: 0.80 g/cm2, sd: 0.12 g/cm2}, ...]}`, ages increasing.
  static func decodeZScoreReference(_ node: ScenarioNode, site: String, path: String, log: IssueLog) -> ZScoreReference? {
    guard let r = MappingReader(node, path: path, log: log, keys: ["name", "by_age"]) else { return nil }
    let name = r.string("name", required: true)
    guard let rows = r.list("by_age") else {
      if !r.has("by_age") { r.reportMissing("by_age", hint: " (a list of {age, mean, sd})") }
      return nil
    }
    var ages: [Double] = [], means: [Double] = [], sds: [Double] = []
    var complete = true
    for (i, row) in rows.enumerated() {
      let f = "\(path).by_age[\(i)]"
      guard let rr = MappingReader(row, path: f, log: log, keys: ["age", "mean", "sd"]),
        let age = rr.quantity("age", in: "y", range: 0...120, required: true),
        let mean = rr.quantity("mean", in: "g/cm2", range: 0.1...3, required: true),
        let sd = rr.quantity("sd", in: "g/cm2", range: 0.001...1, required: true)
      else {
        complete = false
        continue
      }
      if let last = ages.last, age <= last {
        log.report(row, f, "ages must increase down the table (\(CompactNumber(age)) y after \(CompactNumber(last)) y)")
        complete = false
      }
      ages.append(age)
      means.append(mean)
      sds.append(sd)
    }
    if rows.isEmpty {
      log.report(r.node("by_age")!, r.field("by_age"), "expected at least one {age, mean, sd} row")
      return nil
    }
    guard complete, let name else { return nil }
    return ZScoreReference(site: site, name: name, ages: ages, means: means, sds: sds)
  }

  /// `{distribution: normal, mean, sd, min?, max?}`, `{distribution: uniform, min, max}`,
  /// `{distribution: lognormal, median, cv}` or `{value}` (constant); an optional `unit` is
  /// checked against the covariate's unit by the plan.
  static func decodeDistribution(_ node: ScenarioNode, path: String, log: IssueLog) -> Distribution? {
    if case .scalar(let s, _) = node {
      guard let v = Double(s), v.isFinite else {
        log.report(node, path, "expected a number or a mapping with a distribution, found '\(s)'")
        return nil
      }
      return .constant(v)
    }
    guard let r = MappingReader(node, path: path, log: log, keys: covariateKeys) else { return nil }
    let any = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
    if r.has("value") {
      return r.number("value", in: any, required: true).map(Distribution.constant)
    }
    let kind = r.choice("distribution", ["uniform", "normal", "lognormal"], required: true)
    switch kind {
    case "uniform":
      guard let lo = r.number("min", in: any, required: true), let hi = r.number("max", in: any, required: true) else { return nil }
      guard lo <= hi else { log.report(node, path, "min (\(CompactNumber(lo))) must not exceed max (\(CompactNumber(hi)))"); return nil }
      return .uniform(min: lo, max: hi)
    case "normal":
      guard let m = r.number("mean", in: any, required: true), let s = r.number("sd", in: 0...Double.greatestFiniteMagnitude, required: true) else { return nil }
      let lo = r.number("min", in: any), hi = r.number("max", in: any)
      if let lo, let hi, lo > hi { log.report(node, path, "min (\(CompactNumber(lo))) must not exceed max (\(CompactNumber(hi)))"); return nil }
      return .normal(mean: m, sd: s, min: lo, max: hi)
    case "lognormal":
      guard let m = r.number("median", in: Double.leastNonzeroMagnitude...Double.greatestFiniteMagnitude, required: true),
        let cv = r.number("cv", in: 0...10, required: true)
      else { return nil }
      let lo = r.number("min", in: 0...Double.greatestFiniteMagnitude), hi = r.number("max", in: 0...Double.greatestFiniteMagnitude)
      if let lo, let hi, lo > hi { log.report(node, path, "min (\(CompactNumber(lo))) must not exceed max (\(CompactNumber(hi)))"); return nil }
      return .lognormal(median: m, cv: cv, min: lo, max: hi)
    default: return nil
    }
  }
}
