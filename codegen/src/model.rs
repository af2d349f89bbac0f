//! The resolved API model: the spine every other stage shares.
//!
//! The parser (`parse`) reads one markdown page at a time; the resolver (`resolve`) binds the
//! pages of a folder into one [`Api`]. Everything downstream (the emitter, the mock server, the
//! contract tests, the proc macros, `docspec inspect`) reads only these types and never the
//! markdown. The model is plain data: it serializes to the JSON documented in
//! `docs/model-schema.md` (see `ARCHITECTURE.md`).
//!
//! Ordering is part of the contract: `Api::endpoints` and `Api::types` are sorted by name, and
//! every list inside keeps the order of the docs, so the same docs always give the same model.

use serde::{Deserialize, Serialize};

/// Where something was written: a file relative to the docs root, and a 1-based line.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Source {
    /// Path of the page, relative to the folder that was loaded, with `/` separators.
    pub file: String,
    /// 1-based line number.
    pub line: u32,
}

/// One API version's worth of docs, resolved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Api {
    /// `v1.0`, `beta`, or `None` when the folder does not say.
    pub version: Option<String>,
    /// Every endpoint page, sorted by `name`.
    pub endpoints: Vec<Endpoint>,
    /// Every entity, complex and enum type, sorted by `name` (case-insensitively, then exactly).
    pub types: Vec<TypeDef>,
}

impl Api {
    /// The type named `name`, compared case-insensitively as Graph does.
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.types
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    /// The endpoint named `name` (the page's file stem).
    pub fn endpoint_named(&self, name: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.name == name)
    }
}

/// A reference to a type: a primitive (`String`, `Int32`, ... see [`Primitive`]) or a type
/// defined in the docs (`participantInfo`), possibly a collection of it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TypeRef {
    /// A [`Primitive`] name exactly as `Primitive::name` spells it, or the name of a type in
    /// [`Api::types`]. After resolution a name that is neither is reported and becomes `Json`.
    pub name: String,
    /// `true` for `X collection`, `Collection(X)`, `[X]`.
    pub collection: bool,
    /// Before resolution: the page the docs linked for this type (relative to the docs root,
    /// `/`-separated, lowercase), which decides the name over the link's text. The resolver
    /// clears it, so a resolved model never carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

impl TypeRef {
    /// A single value of `name`.
    pub fn single(name: impl Into<String>) -> Self {
        TypeRef {
            name: name.into(),
            collection: false,
            link: None,
        }
    }

    /// A collection of `name`.
    pub fn collection_of(name: impl Into<String>) -> Self {
        TypeRef {
            name: name.into(),
            collection: true,
            link: None,
        }
    }

    /// The primitive this refers to, if it is one.
    pub fn primitive(&self) -> Option<Primitive> {
        Primitive::from_name(&self.name)
    }
}

/// The primitive (Edm) types, with the spelling used in [`TypeRef::name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    /// `Edm.String`: text.
    String,
    /// `Edm.Boolean`.
    Boolean,
    /// `Edm.Byte`: an unsigned 8-bit integer.
    Byte,
    /// `Edm.SByte`: a signed 8-bit integer.
    SByte,
    /// `Edm.Int16`.
    Int16,
    /// `Edm.Int32`.
    Int32,
    /// `Edm.Int64`.
    Int64,
    /// `Edm.Single`: a 32-bit float.
    Single,
    /// `Edm.Double`: a 64-bit float.
    Double,
    /// `Edm.Decimal`.
    Decimal,
    /// `Edm.DateTimeOffset`: an ISO 8601 timestamp with offset.
    DateTimeOffset,
    /// `Edm.Date`: a calendar date.
    Date,
    /// `Edm.TimeOfDay`.
    TimeOfDay,
    /// `Edm.Duration`: an ISO 8601 duration.
    Duration,
    /// `Edm.Guid`: a UUID.
    Guid,
    /// `Edm.Binary`: base64 bytes in JSON.
    Binary,
    /// `Edm.Stream`: content sent or read as bytes, not JSON.
    Stream,
    /// Any JSON value: `Json` in the docs, and the fallback for what could not be understood.
    Json,
}

impl Primitive {
    /// Every primitive, in declaration order.
    pub const ALL: [Primitive; 18] = [
        Primitive::String,
        Primitive::Boolean,
        Primitive::Byte,
        Primitive::SByte,
        Primitive::Int16,
        Primitive::Int32,
        Primitive::Int64,
        Primitive::Single,
        Primitive::Double,
        Primitive::Decimal,
        Primitive::DateTimeOffset,
        Primitive::Date,
        Primitive::TimeOfDay,
        Primitive::Duration,
        Primitive::Guid,
        Primitive::Binary,
        Primitive::Stream,
        Primitive::Json,
    ];

    /// The canonical spelling, as it appears in [`TypeRef::name`] and in the JSON model.
    pub fn name(self) -> &'static str {
        match self {
            Primitive::String => "String",
            Primitive::Boolean => "Boolean",
            Primitive::Byte => "Byte",
            Primitive::SByte => "SByte",
            Primitive::Int16 => "Int16",
            Primitive::Int32 => "Int32",
            Primitive::Int64 => "Int64",
            Primitive::Single => "Single",
            Primitive::Double => "Double",
            Primitive::Decimal => "Decimal",
            Primitive::DateTimeOffset => "DateTimeOffset",
            Primitive::Date => "Date",
            Primitive::TimeOfDay => "TimeOfDay",
            Primitive::Duration => "Duration",
            Primitive::Guid => "Guid",
            Primitive::Binary => "Binary",
            Primitive::Stream => "Stream",
            Primitive::Json => "Json",
        }
    }

    /// The primitive whose canonical name is exactly `name`.
    pub fn from_name(name: &str) -> Option<Primitive> {
        Primitive::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// An HTTP endpoint: one API page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    /// Stable identifier: the page's file stem (`call_post_participants`, `user-list`).
    pub name: String,
    /// The page's H1 title (`Create participant`).
    pub title: String,
    /// The first paragraph(s) describing what the endpoint does, as plain text.
    pub description: Option<String>,
    /// `GET`, `POST`, `PATCH`, `PUT`, `DELETE`.
    pub method: String,
    /// Alternative path templates, as written, without the version prefix, starting with `/`
    /// (`/app/calls/{id}/participants`). Query strings are split off into `query`.
    pub paths: Vec<String>,
    /// Placeholders of the paths, in order of first appearance, deduplicated by `name`.
    pub path_params: Vec<PathParam>,
    /// Query parameters written in the request lines (`?$filter=...`), by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<String>,
    /// What the page's `Optional query parameters` section says the endpoint accepts.
    #[serde(default, skip_serializing_if = "QuerySupport::is_unsaid")]
    pub query_options: QuerySupport,
    /// Who may call it: the permissions table.
    pub permissions: Permissions,
    /// The request headers the page documents.
    pub headers: Vec<Header>,
    /// `None` when the page says there is no body.
    pub request_body: Option<RequestBody>,
    /// Documented success responses (usually one).
    pub responses: Vec<Response>,
    /// The request/response examples, in page order.
    pub examples: Vec<Example>,
    /// Where the page is.
    pub source: Source,
}

#[cfg(test)]
impl Endpoint {
    /// An endpoint with a page name, title, method and paths and nothing else, for unit tests.
    pub(crate) fn stub(name: &str, title: &str, method: &str, paths: &[&str]) -> Endpoint {
        Endpoint {
            name: name.into(),
            title: title.into(),
            description: None,
            method: method.into(),
            paths: paths.iter().map(|p| p.to_string()).collect(),
            path_params: vec![],
            query: vec![],
            query_options: QuerySupport::default(),
            permissions: Permissions::default(),
            headers: vec![],
            request_body: None,
            responses: vec![],
            examples: vec![],
            source: Source {
                file: format!("api/{name}.md"),
                line: 1,
            },
        }
    }
}

/// Which OData query options (`$select`, `$filter`, ...) an endpoint's page says it supports.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuerySupport {
    /// The page says nothing readable about them (no `Optional query parameters` section,
    /// or one whose sentences name no option and say neither "supports" nor "does not").
    #[default]
    Unsaid,
    /// The page says the endpoint supports none.
    None,
    /// The page says the endpoint supports "the OData query parameters", naming none.
    All,
    /// The options the page names as supported, as written (`$select`, `$orderBy`), in page
    /// order, each once.
    Listed(Vec<String>),
}

impl QuerySupport {
    /// [`QuerySupport::Unsaid`], the default, which the JSON model leaves out.
    pub fn is_unsaid(&self) -> bool {
        matches!(self, QuerySupport::Unsaid)
    }
}

/// A placeholder of a path template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathParam {
    /// The placeholder as written (`id`, `user-id`, `id | userPrincipalName`).
    pub name: String,
    /// The literal segment before it (`calls` for `/calls/{id}`), used to name repeated `{id}`s.
    pub segment: Option<String>,
}

/// The permissions table, each list from least to most privileged. Empty when not supported.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions {
    /// Delegated (work or school account).
    pub delegated_work: Vec<String>,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: Vec<String>,
    /// Application permissions.
    pub application: Vec<String>,
}

/// A documented request header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The header name as written (`ConsistencyLevel`).
    pub name: String,
    /// The value or description cell(s), as plain text.
    pub description: String,
    /// The docs say `Required`.
    pub required: bool,
}

/// What a request carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RequestBody {
    /// "A JSON representation of [x](...)": the body is a whole resource.
    Type {
        /// The resource type sent.
        #[serde(rename = "type")]
        ty: TypeRef,
    },
    /// A parameter/property table: the body is an object with these members.
    Parameters {
        /// The rows, in the docs' order.
        parameters: Vec<Parameter>,
        /// The resource the section's prose says the body is ("supply a JSON representation
        /// for the windows10GeneralConfiguration object") above a table of that resource's
        /// properties. The resolver makes such a body that type when every row names one of
        /// its properties, inherited ones included; otherwise it stays a hint.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        represents: Option<TypeRef>,
    },
}

impl RequestBody {
    /// `true` for a body of bytes (`Edm.Stream`: a file, an image), not JSON.
    pub fn is_binary(&self) -> bool {
        matches!(self, RequestBody::Type { ty } if !ty.collection && ty.primitive() == Some(Primitive::Stream))
    }
}

/// A row of a request-body table, or a function parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// The wire name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// The description cell, as plain text.
    pub description: Option<String>,
    /// The docs say it must be sent.
    pub required: bool,
}

/// A documented success response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// `200`, `201`, `202`, `204`, ...
    pub status: u16,
    /// The body's type, `None` when there is no body.
    #[serde(rename = "type")]
    pub ty: Option<TypeRef>,
    /// Headers the docs say the response carries (`Location` for 202).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
}

/// The JSON text of an example body, known to be valid JSON (after the repairs of
/// [`parse_lenient_json`](crate::parse::annotation::parse_lenient_json)): the pages are read
/// without building a tree for every example, and [`JsonText::value`] builds it for the few
/// that a tool looks into. Serializes as the JSON value it holds, not as a string.
#[derive(Clone, PartialEq, Eq)]
pub struct JsonText(Box<str>);

impl JsonText {
    /// `text` when it is valid JSON (one value, whitespace around it allowed).
    pub fn new(text: &str) -> Result<JsonText, serde_json::Error> {
        serde_json::from_str::<serde::de::IgnoredAny>(text)?;
        Ok(JsonText(text.into()))
    }

    /// The JSON as written (repaired, if it had to be).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The JSON value.
    pub fn value(&self) -> serde_json::Value {
        // Checked by `new`; `Null` cannot happen short of a serde_json bug.
        serde_json::from_str(&self.0).unwrap_or(serde_json::Value::Null)
    }
}

impl From<&serde_json::Value> for JsonText {
    fn from(v: &serde_json::Value) -> Self {
        JsonText(v.to_string().into())
    }
}

impl std::fmt::Debug for JsonText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.value(), f)
    }
}

impl Serialize for JsonText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for JsonText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(|v| JsonText::from(&v))
    }
}

/// A request/response example pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// The annotation's `name`, or `None` when paired by order.
    pub name: Option<String>,
    /// The request, when the page shows one.
    pub request: Option<ExampleRequest>,
    /// The response, when the page shows one.
    pub response: Option<ExampleResponse>,
}

/// An example request as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExampleRequest {
    /// The HTTP method, uppercase.
    pub method: String,
    /// The URL as written (absolute or relative).
    pub url: String,
    /// Headers as written, in order.
    pub headers: Vec<(String, String)>,
    /// The JSON body when it parsed (after tolerating trailing commas).
    pub body: Option<JsonText>,
    /// The body text when it did not parse as JSON, or was not JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_body: Option<String>,
    /// Where the request block is.
    pub source: Source,
}

/// An example response as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExampleResponse {
    /// The status code of the status line, when it could be read.
    pub status: Option<u16>,
    /// Headers as written, in order.
    pub headers: Vec<(String, String)>,
    /// The JSON body when it parsed (after tolerating trailing commas).
    pub body: Option<JsonText>,
    /// The body text when it did not parse as JSON, or was not JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_body: Option<String>,
    /// The annotation says the body is shortened (`"truncated": true`).
    pub truncated: bool,
    /// The annotation's `@odata.type`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    /// The annotation's `isCollection`.
    pub is_collection: bool,
    /// Where the response block is.
    pub source: Source,
}

impl ExampleResponse {
    /// The response says `204 No Content` yet shows a body, JSON or not (DS0310).
    pub fn is_no_content_with_body(&self) -> bool {
        let shown = self.body.is_some()
            || self
                .raw_body
                .as_deref()
                .is_some_and(|t| !t.trim().is_empty());
        self.status == Some(204) && shown
    }

    /// A response that shows only its status line: no headers, no body, no annotation.
    pub fn with_status(status: u16) -> Self {
        ExampleResponse {
            status: Some(status),
            headers: Vec::new(),
            body: None,
            raw_body: None,
            truncated: false,
            odata_type: None,
            is_collection: false,
            source: Source::default(),
        }
    }
}

/// Entity, complex or enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TypeKind {
    /// Has a key (`id`) and an identity in the service.
    Entity,
    /// A structured value without identity.
    Complex,
    /// A set of named values.
    Enum,
}

/// A type defined by the docs: a resource page, an enum page, an enum section, or an enum
/// written inline in a property description.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeDef {
    /// The name as the docs spell it (`participantInfo`).
    pub name: String,
    /// `microsoft.graph`, or a sub-namespace (`microsoft.graph.callRecords`).
    pub namespace: Option<String>,
    /// Entity, complex or enum.
    pub kind: TypeKind,
    /// What the page says the type is, as plain text.
    pub description: Option<String>,
    /// The base type's name, resolved to a name in [`Api::types`] when it could be.
    pub base_type: Option<String>,
    /// The docs (or the annotation) say it is abstract: only derived types occur.
    #[serde(rename = "abstract")]
    pub is_abstract: bool,
    /// Open types accept properties the docs do not list.
    pub open_type: bool,
    /// The annotation's `keyProperty`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_property: Option<String>,
    /// Own properties (not inherited ones), in the docs' order, properties before relationships.
    pub properties: Vec<Property>,
    /// Enum members, in the docs' order. Empty for entity and complex types.
    pub members: Vec<EnumMember>,
    /// Where it is defined.
    pub source: Source,
}

#[cfg(test)]
impl TypeDef {
    /// An entity type with a name, a base type and properties (`(name, type)`) and nothing
    /// else, for unit tests.
    pub(crate) fn stub(name: &str, base: Option<&str>, props: &[(&str, &str)]) -> TypeDef {
        let source = Source {
            file: format!("resources/{}.md", name.to_lowercase()),
            line: 1,
        };
        TypeDef {
            name: name.into(),
            namespace: None,
            kind: TypeKind::Entity,
            description: None,
            base_type: base.map(str::to_string),
            is_abstract: false,
            open_type: false,
            key_property: None,
            properties: props
                .iter()
                .map(|(p, t)| Property {
                    name: p.to_string(),
                    ty: TypeRef::single(*t),
                    description: None,
                    navigation: false,
                    required: false,
                    source: source.clone(),
                })
                .collect(),
            members: vec![],
            source,
        }
    }
}

/// A property or navigation property of a type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// The wire name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// The description cell, as plain text.
    pub description: Option<String>,
    /// From the Relationships table.
    pub navigation: bool,
    /// The docs say it is always present (rare; most properties are optional).
    #[serde(default)]
    pub required: bool,
    /// Where its row is.
    pub source: Source,
}

/// A member of an enum type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumMember {
    /// The wire name (`sendReceive`).
    pub name: String,
    /// The numeric value when documented.
    pub value: Option<i64>,
    /// The description cell, as plain text.
    pub description: Option<String>,
}
