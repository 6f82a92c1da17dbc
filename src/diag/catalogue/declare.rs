//! The macro that declares [`super::Code`] and its words in both languages from the
//! catalogue's one list. Part of [`super`].

/// Declares [`super::Code`] and its English text (and, after a `;`, the hint printed below it), then
/// after `@ja` its Japanese text and hint, from one list.
macro_rules! catalogue {
    (@note $note:literal) => { Some($note) };
    (@note) => { None };
    (@ja $text:literal) => { Some($text) };
    (@ja) => { None };
    ($($code:ident => $text:literal $(; $note:literal)?, $(@ja $ja:literal $(; $ja_note:literal)?,)?)*) => {
        /// A diagnostic's stable code (`E0201`); its documentation is its English text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = $text]
                $code,
            )*
        }

        impl Code {
            /// Every code, in order.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Code] = &[$(Code::$code,)*];

            /// The code as printed: `E0201`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }

            /// The English text, with `{name}` where an argument goes.
            pub(crate) fn english(self) -> &'static str {
                match self {
                    $(Code::$code => $text,)*
                }
            }

            /// The English hint printed below the message, if the code has one.
            pub(crate) fn english_note(self) -> Option<&'static str> {
                match self {
                    $(Code::$code => catalogue!(@note $($note)?),)*
                }
            }

            /// The Japanese text, if the catalogue has it (a test requires it of every code).
            pub(crate) fn japanese(self) -> Option<&'static str> {
                match self {
                    $(Code::$code => catalogue!(@ja $($ja)?),)*
                }
            }

            /// The Japanese hint printed below the message, if the code has one.
            pub(crate) fn japanese_note(self) -> Option<&'static str> {
                match self {
                    $(Code::$code => catalogue!(@note $($($ja_note)?)?),)*
                }
            }
        }
    };
}
