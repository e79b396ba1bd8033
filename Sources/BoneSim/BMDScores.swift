import BoneSimPhysiology
import BoneSimScenario

/// T- and Z-scores of a site's areal BMD, as densitometry reports name them, derived from the
/// model's `bmd` output on each output day:
/// ```
/// t_score = (bmd − young-adult mean) / young-adult SD              [SD]
/// z_score = (bmd − mean at her age) / SD at her age                [SD]
/// ```
/// The young-adult reference is the cohort's `t_score_reference` (defaults: Hologic L1–L4 for the
/// spine, NHANES III white women 20–29 y for the femoral neck); the age-matched one is the
/// cohort's `z_score_reference` (none built in), read at the patient's age on the day
/// (`patient.age`). Like the dosing-interval statistics, scores are written only when the
/// scenario's `outputs:` (or `--outputs`) names them.
public struct BMDScore: Sendable, Hashable {
  public enum Kind: String, CaseIterable, Sendable {
    case t = "t_score"
    case z = "z_score"
  }

  /// The model's `bmd` output at the site (index into the model's outputs).
  public let source: Int
  public let kind: Kind
  /// Reference ages [y] (one entry for a T-score), means and SDs [g/cm2]; nil when the cohort
  /// has no reference for this score (a Z-score without `z_score_reference`).
  public let reference: ZScoreReference?
  /// The derived output: `t_score` or `z_score` at the source's site, in SD.
  public let output: ModelOutput

  /// Unit of a score: standard deviations of the reference population.
  public static let unit = "SD"
  /// The model input a Z-score reads the patient's age from [y].
  public static let ageInput = "patient.age"

  /// Every score the model's `bmd` outputs allow (Z-scores only if the model has an age input),
  /// with the cohort's references.
  public static func all(for outputs: [ModelOutput], cohort: CohortSpec, hasAge: Bool) -> [BMDScore] {
    Kind.allCases.filter { $0 == .t || hasAge }.flatMap { kind in
      outputs.indices.filter { outputs[$0].variable == "bmd" }.map { o in
        let site = "\(outputs[o].site)"
        let reference: ZScoreReference? =
          switch kind {
          case .t:
            cohort.tScoreReference.first { $0.site == site }.map {
              ZScoreReference(site: site, name: $0.name, ages: [0], means: [$0.mean], sds: [$0.sd])
            }
          case .z: cohort.zScoreReference.first { $0.site == site }
          }
        return BMDScore(source: o, kind: kind, reference: reference, output: ModelOutput(kind.rawValue, outputs[o].site, unit))
      }
    }
  }

  /// The score of `bmd` [g/cm2] at `age` [y]: `(bmd − mean(age)) / sd(age)`.
  @inlinable
  public func score(bmd: Double, age: Double) -> Double {
    let r = reference!.reference(age: age)
    return (bmd - r.mean) / r.sd
  }

  /// How the manifest names the reference: `1.047 ± 0.110 g/cm2 (name)`, or the age table.
  public var referenceDescription: String {
    guard let reference else { return "none" }
    if kind == .t { return "\(reference.means[0]) ± \(reference.sds[0]) g/cm2 (\(reference.name))" }
    return Self.describe(ageMatched: reference)
  }

  /// An age-matched reference as manifests name it: its name and table.
  public static func describe(ageMatched reference: ZScoreReference) -> String {
    let rows = reference.ages.indices.map { i in
      let age = reference.ages[i]
      return "\(age == age.rounded() ? String(Int(age)) : String(age)) y: \(reference.means[i]) ± \(reference.sds[i])"
    }
    return "\(reference.name); g/cm2 by age, linear between ages: \(rows.joined(separator: ", "))"
  }

  /// Refuses selected scores without a reference (a Z-score when the cohort has no
  /// `z_score_reference` for the site), at the `outputs:` entry that named them.
  static func checkReferences(selected: [BMDScore], selection: [OutputSelection]) throws {
    let log = IssueLog()
    for score in selected where score.reference == nil {
      let variable = score.output.variable, site = score.output.site
      let name = "\(variable).\(site.rawValue)"
      let entry = selection.first { $0.name == name || $0.name == variable }
      log.report(
        entry?.position ?? SourcePosition(file: "outputs", line: 1, column: 1), "outputs",
        "\(name) needs an age-matched reference: give cohort.z_score_reference.\(site) as {name, by_age: [{age, mean, sd}, ...]} from the reference database your densitometer uses for Z-scores (BoneSim ships none; docs/SCENARIOS.md, \"Cohort\")"
      )
    }
    try log.throwIfAny()
  }
}
