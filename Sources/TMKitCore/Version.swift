/// tmkit's version, as `tmkit --version` prints it and TMX headers name it.
public enum TMKitVersion {
    /// The version number, `MAJOR.MINOR.PATCH`.
    public static let current = "0.1.0"
}
