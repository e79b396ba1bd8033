/// Version of the BoneSim engine and command-line tool.
///
/// It changes with every change that can move a result's bits (the model, a parameter, the
/// order of its arithmetic), together with the regenerated `results/`: a resumed sweep reruns
/// the design points another version wrote, and `bonesim merge` refuses shards of two versions,
/// so one sweep never mixes two models' numbers. 0.2.0: the integrated model divides 10 times
/// per patient-day instead of 30 (shared denominators, results within 1.3e-13 of 0.1.0's
/// arithmetic over 10 years).
public enum BoneSimVersion {
  public static let current = "0.2.0"
}
