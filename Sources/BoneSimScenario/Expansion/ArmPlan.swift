import BoneSimCore
import BoneSimPhysiology
import Foundation

/// One arm's inputs day by day, independent of patients except through adherence.
///
/// On day `d` every input column `c` holds, in order: the patient's baseline (covariate,
/// random effect or the input's default), replaced by the arm's time course if it has one
/// (`replace[c][d]`), advanced by `d / 365.25` for clock inputs (unit `y`), plus the doses and
/// sessions taken that day (`add[c][d]` for fully adhered regimens, `streams` for the rest).
public struct ArmPlan: Sendable {
  public let name: String
  /// Column → value per day `0 ... horizon` (time courses, converted to the input's unit).
  public let replace: [(column: Int, values: [Double])]
  /// Column → sum of fully adhered contributions per day `0 ... horizon`.
  public let add: [(column: Int, values: [Double])]
  public let streams: [AdherenceStream]

  init(_ arm: Arm, inputs: [ModelInput], horizonDays: Int, cohort: CohortPlan, log: IssueLog) {
    name = arm.name
    let days = horizonDays + 1
    let names = inputs.map(\.name)
    func column(_ name: String, field: String, position: SourcePosition, prefix: String) -> Int? {
      guard let c = names.firstIndex(of: name) else {
        let candidates = names.filter { $0.hasPrefix(prefix) }
        log.report(position, field, "the model has no input '\(name)'\(didYouMean(name, in: candidates.isEmpty ? names : candidates))\(candidates.isEmpty ? "" : "; inputs are \(candidates.joined(separator: ", "))")")
        return nil
      }
      guard inputs[c].kind == .daily else {
        log.report(position, field, "input '\(name)' is fixed per patient; set it under cohort.covariates")
        return nil
      }
      return c
    }

    /// Every dose input as agent and routes, in table order (for messages in the scenario's words).
    let doseNames = inputs.filter { $0.kind == .daily }.compactMap { DoseInputName($0.name) }
    var agents: [String] = []
    for d in doseNames where !agents.contains(d.agent) { agents.append(d.agent) }
    func agentList() -> String {
      agents.map { a in "\(a) (\(doseNames.filter { $0.agent == a }.map { $0.routes.joined(separator: "/") }.joined(separator: ", ")))" }
        .joined(separator: ", ")
    }
    /// The column of a regimen whose input was derived from its agent and route.
    func doseColumn(_ r: DosingRegimen, field: String) -> Int? {
      if let c = names.firstIndex(of: r.input), inputs[c].kind == .daily { return c }
      if agents.contains(r.agent) {
        let routes = doseNames.filter { $0.agent == r.agent }.flatMap(\.routes)
        log.report(r.position, field + ".route", "\(r.agent) is not given by route '\(r.route)'; its routes: \(routes.joined(separator: ", "))")
      } else {
        log.report(r.position, field + ".agent", "unknown agent '\(r.agent)'\(didYouMeanNearMiss(r.agent, in: agents)); agents (routes): \(agentList())")
      }
      return nil
    }
    let exerciseTypes = inputs.filter { $0.kind == .daily && $0.name.hasPrefix(ExerciseProgram.inputPrefix) }
      .map { snakeCase(String($0.name.dropFirst(ExerciseProgram.inputPrefix.count))) }
    let nutrients = inputs.filter { $0.kind == .daily && $0.name.hasPrefix(Arm.nutritionPrefix) }
      .map { snakeCase(String($0.name.dropFirst(Arm.nutritionPrefix.count))) }

    var replace: [(Int, [Double])] = []
    for course in arm.timeCourses {
      // `<arm or baseline>.nutrition.<key>` (not `inputs.nutrition.<x>`, written in the model's words).
      let nutrientKey = course.field.range(of: ".nutrition.", options: .backwards).map { String(course.field[$0.upperBound...]) }
        .flatMap { $0.contains(".") || course.field.contains(".inputs.") ? nil : $0 }
      if let nutrientKey, course.input == Arm.nutritionPrefix + camelCase(nutrientKey), !names.contains(course.input) {
        log.report(
          course.position, course.field,
          "unknown nutrient '\(nutrientKey)'\(didYouMeanNearMiss(nutrientKey, in: nutrients)); nutrients: \(nutrients.joined(separator: ", "))")
        continue
      }
      guard let c = column(course.input, field: course.field, position: course.position, prefix: course.input.split(separator: ".").first.map { "\($0)." } ?? "")
      else { continue }
      let input = inputs[c]
      guard let f = UnitConversion.factor(from: course.unit, to: input.unit) else {
        if course.unit == "1", let first = course.points.first {
          log.report(
            course.position, course.field,
            "'\(CompactNumber(first.value))' has no unit; add one, e.g. '\(CompactNumber(first.value)) \(input.unit)'")
        } else {
          log.report(
            course.position, course.field,
            UnitConversion.mismatch(course.unit, to: input.unit) + " (\(InputCatalogue.userWords(for: input.name)) is in \(input.unit))")
        }
        continue
      }
      if replace.contains(where: { $0.0 == c }) {
        log.report(course.position, course.field, "input '\(input.name)' is given twice in this arm")
        continue
      }
      for p in course.points { checkRange(p.value * f, input, position: course.position, field: course.field, log: log, what: "value") }
      replace.append((c, (0..<days).map { course.value(onDay: $0) * f }))
    }

    var add: [Int: [Double]] = [:]
    var streams: [AdherenceStream] = []
    var ordinals: [Int: Int] = [:]
    for (i, r) in arm.dosing.enumerated() {
      let field = "arms.\(arm.name).dosing[\(i)]"
      let derived = DosingRegimen.routeSuffixes[r.route].map { "dose." + camelCase(r.agent) + $0 } == r.input
      guard let c = derived ? doseColumn(r, field: field) : column(r.input, field: field, position: r.position, prefix: "dose.")
      else { continue }
      let input = inputs[c]
      let parts = input.unit.split(separator: "/").map(String.init)
      let mass = parts.first ?? input.unit
      let perDay = parts.count > 1
      let what = derived ? "\(r.agent) by route \(r.route)" : input.name
      var conversion: Double?
      if let dose = r.dose {
        conversion = UnitConversion.factor(from: dose.unit, to: mass)
        let written = dose.unit.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        if conversion == nil, written.count == 2, UnitConversion.factor(from: written[0], to: mass) != nil,
          UnitConversion.factor(from: written[1], to: "day") != nil
        {
          log.report(
            r.position, field + ".dose",
            "'\(CompactNumber(dose.value)) \(dose.unit)' is a rate; 'dose' takes the amount of one dose: write 'dose: \(CompactNumber(dose.value)) \(written[0])' with 'interval: 1 \(written[1])'")
        } else if conversion == nil {
          log.report(r.position, field + ".dose", UnitConversion.mismatch(dose.unit, to: mass) + " (a dose of \(what) is an amount in \(mass))")
        }
      } else if let rate = r.rate {
        let target = perDay ? input.unit : "\(mass)/day"
        conversion = UnitConversion.factor(from: rate.unit, to: target)
        if conversion == nil { log.report(r.position, field + ".rate", UnitConversion.mismatch(rate.unit, to: target) + " (\(what) is delivered in \(target))") }
      }
      guard let conversion else { continue }
      var builder = ContributionBuilder(days: days)
      let occurrences = r.expand(into: &builder, conversion: conversion, horizonDays: horizonDays)
      let ordinal = ordinals[c, default: 0]
      ordinals[c] = ordinal + 1
      guard ordinal < Int(RandomStreams.maxRegimensPerInput) else {
        log.report(r.position, field, "at most \(RandomStreams.maxRegimensPerInput) regimens may feed one input (\(input.name))")
        continue
      }
      Self.merge(builder, column: c, adherence: r.adherence, trials: 1, occurrences: occurrences, ordinal: ordinal, add: &add, streams: &streams)
    }
    for (i, p) in arm.exercise.enumerated() {
      let field = p.field.isEmpty ? "arms.\(arm.name).exercise[\(i)]" : p.field
      if p.input == ExerciseProgram.inputPrefix + camelCase(p.type), !names.contains(p.input) {
        log.report(
          p.position, field + ".type",
          "unknown exercise type '\(p.type)'\(didYouMeanNearMiss(p.type, in: exerciseTypes)); types: \(exerciseTypes.joined(separator: ", "))")
        continue
      }
      guard let c = column(p.input, field: field, position: p.position, prefix: ExerciseProgram.inputPrefix) else { continue }
      let input = inputs[c]
      guard let conversion = UnitConversion.factor(from: "sessions/week", to: input.unit) else {
        log.report(p.position, field, "input '\(input.name)' is in \(input.unit), not sessions/week")
        continue
      }
      var builder = ContributionBuilder(days: days)
      let weeks = p.expand(into: &builder, conversion: conversion, horizonDays: horizonDays)
      let ordinal = ordinals[c, default: 0]
      ordinals[c] = ordinal + 1
      guard ordinal < Int(RandomStreams.maxRegimensPerInput) else {
        log.report(p.position, field, "at most \(RandomStreams.maxRegimensPerInput) programs may feed one input (\(input.name))")
        continue
      }
      Self.merge(builder, column: c, adherence: p.adherence, trials: max(Int(p.sessionsPerWeek.rounded(.up)), 1), occurrences: weeks, ordinal: ordinal, add: &add, streams: &streams)
    }
    // Range check of the fullest day (everything taken) on top of the baseline.
    var fullest: [Int: [Double]] = add
    for s in streams {
      var v = fullest[s.column] ?? [Double](repeating: 0, count: days)
      for d in 0..<days {
        for k in Int(s.dayStart[d])..<Int(s.dayStart[d + 1]) { v[d] += s.amount[k] }
      }
      fullest[s.column] = v
    }
    for (c, values) in fullest {
      let base = replace.first { $0.0 == c }?.1
      let input = inputs[c]
      for d in 0..<days {
        let total = (base?[d] ?? input.defaultValue) + values[d]
        if !input.range.contains(total) {
          checkRange(total, input, position: arm.position, field: "arms.\(arm.name)", log: log, what: "on day \(d) the regimens give")
          break
        }
      }
    }
    self.replace = replace.map { (column: $0.0, values: $0.1) }
    self.add = add.keys.sorted().map { (column: $0, values: add[$0]!) }
    self.streams = streams
  }

  static func merge(
    _ builder: ContributionBuilder, column c: Int, adherence: Double, trials: Int, occurrences: Int, ordinal: Int,
    add: inout [Int: [Double]], streams: inout [AdherenceStream]
  ) {
    // Each regimen feeding a column owns one random stream; there are `maxRegimensPerInput`.
    precondition(ordinal < Int(RandomStreams.maxRegimensPerInput), "checked by ArmPlan.init")
    if adherence >= 1 {
      let full = builder.fullyTaken
      if let existing = add[c] {
        add[c] = zip(existing, full).map { $0 + $1 }
      } else {
        add[c] = full
      }
    } else {
      streams.append(
        builder.stream(
          column: c, stream: RandomStreams.adherence(column: c, ordinal: ordinal), adherence: adherence,
          trials: trials, occurrences: occurrences))
    }
  }
}
