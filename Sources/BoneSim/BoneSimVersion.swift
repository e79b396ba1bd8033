/// Version of the BoneSim engine and command-line tool.
public enum BoneSimVersion {
  public static let current = "0.1.0"
}
