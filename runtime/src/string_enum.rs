//! The trait impls every generated string enum shares.

/// Implements `FromStr`, `Display`, `Serialize` and `Deserialize` for a generated enum through
/// its `as_str(&self) -> &str` and `From<&str>`.
///
/// Generated enums map a value the docs do not list to a catch-all variant that keeps the text,
/// so going through these two functions writes back exactly what was read. Generated code calls
/// this once per enum instead of repeating the impls.
///
/// ```
/// #[derive(Debug, PartialEq)]
/// enum Mode { Audio, UnknownValue(String) }
/// impl Mode {
///     fn as_str(&self) -> &str {
///         match self { Mode::Audio => "audio", Mode::UnknownValue(v) => v }
///     }
/// }
/// impl From<&str> for Mode {
///     fn from(v: &str) -> Self {
///         match v { "audio" => Mode::Audio, other => Mode::UnknownValue(other.to_string()) }
///     }
/// }
/// docspec_runtime::string_enum_impls!(Mode);
///
/// let mode: Mode = serde_json::from_str("\"hologram\"").unwrap();
/// assert_eq!(mode, Mode::UnknownValue("hologram".into()));
/// assert_eq!(serde_json::to_string(&mode).unwrap(), "\"hologram\"");
/// assert_eq!("audio".parse::<Mode>(), Ok(Mode::Audio));
/// assert_eq!(Mode::Audio.to_string(), "audio");
/// ```
#[macro_export]
macro_rules! string_enum_impls {
    ($ty:ty) => {
        impl ::std::str::FromStr for $ty {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(<Self as ::std::convert::From<&str>>::from(value))
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $ty {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::serde::Deserializer<'de>,
            {
                let value = <::std::string::String as $crate::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                ::std::result::Result::Ok(<Self as ::std::convert::From<&str>>::from(
                    value.as_str(),
                ))
            }
        }
    };
}
