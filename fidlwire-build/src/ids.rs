//! fidlc's diagnostic IDs (`fi-NNNN`), named as fidlc names them. Retired IDs are left out:
//! they are never emitted (`fidl-checks.md`, Appendix A).

/// `InvalidCharacter` (error).
pub const INVALID_CHARACTER: &str = "fi-0001";
/// `UnexpectedLineBreak` (error).
pub const UNEXPECTED_LINE_BREAK: &str = "fi-0002";
/// `InvalidEscapeSequence` (error).
pub const INVALID_ESCAPE_SEQUENCE: &str = "fi-0003";
/// `InvalidHexDigit` (error).
pub const INVALID_HEX_DIGIT: &str = "fi-0004";
/// `ExpectedDeclaration` (error).
pub const EXPECTED_DECLARATION: &str = "fi-0006";
/// `UnexpectedToken` (error).
pub const UNEXPECTED_TOKEN: &str = "fi-0007";
/// `UnexpectedTokenOfKind` (error).
pub const UNEXPECTED_TOKEN_OF_KIND: &str = "fi-0008";
/// `UnexpectedIdentifier` (error).
pub const UNEXPECTED_IDENTIFIER: &str = "fi-0009";
/// `InvalidIdentifier` (error).
pub const INVALID_IDENTIFIER: &str = "fi-0010";
/// `InvalidLibraryNameComponent` (error).
pub const INVALID_LIBRARY_NAME_COMPONENT: &str = "fi-0011";
/// `InvalidLayoutClass` (error).
pub const INVALID_LAYOUT_CLASS: &str = "fi-0012";
/// `InvalidWrappedType` (error).
pub const INVALID_WRAPPED_TYPE: &str = "fi-0013";
/// `AttributeWithEmptyParens` (error).
pub const ATTRIBUTE_WITH_EMPTY_PARENS: &str = "fi-0014";
/// `AttributeArgsMustAllBeNamed` (error).
pub const ATTRIBUTE_ARGS_MUST_ALL_BE_NAMED: &str = "fi-0015";
/// `MissingOrdinalBeforeMember` (error).
pub const MISSING_ORDINAL_BEFORE_MEMBER: &str = "fi-0016";
/// `OrdinalOutOfBound` (error).
pub const ORDINAL_OUT_OF_BOUND: &str = "fi-0017";
/// `OrdinalsMustStartAtOne` (error).
pub const ORDINALS_MUST_START_AT_ONE: &str = "fi-0018";
/// `MustHaveOneMember` (error).
pub const MUST_HAVE_ONE_MEMBER: &str = "fi-0019";
/// `InvalidProtocolMember` (error).
pub const INVALID_PROTOCOL_MEMBER: &str = "fi-0020";
/// `CannotAttachAttributeToIdentifier` (error).
pub const CANNOT_ATTACH_ATTRIBUTE_TO_IDENTIFIER: &str = "fi-0022";
/// `AttributeInsideTypeDeclaration` (error).
pub const ATTRIBUTE_INSIDE_TYPE_DECLARATION: &str = "fi-0023";
/// `DocCommentOnParameters` (error).
pub const DOC_COMMENT_ON_PARAMETERS: &str = "fi-0024";
/// `LibraryImportsMustBeGroupedAtTopOfFile` (error).
pub const LIBRARY_IMPORTS_MUST_BE_GROUPED_AT_TOP_OF_FILE: &str = "fi-0025";
/// `CommentWithinDocCommentBlock` (warning).
pub const COMMENT_WITHIN_DOC_COMMENT_BLOCK: &str = "fi-0026";
/// `BlankLinesWithinDocCommentBlock` (warning).
pub const BLANK_LINES_WITHIN_DOC_COMMENT_BLOCK: &str = "fi-0027";
/// `DocCommentMustBeFollowedByDeclaration` (warning).
pub const DOC_COMMENT_MUST_BE_FOLLOWED_BY_DECLARATION: &str = "fi-0028";
/// `MustHaveOneProperty` (error).
pub const MUST_HAVE_ONE_PROPERTY: &str = "fi-0029";
/// `CannotSpecifyModifier` (error).
pub const CANNOT_SPECIFY_MODIFIER: &str = "fi-0030";
/// `CannotSpecifySubtype` (error).
pub const CANNOT_SPECIFY_SUBTYPE: &str = "fi-0031";
/// `DuplicateModifier` (error).
pub const DUPLICATE_MODIFIER: &str = "fi-0032";
/// `ConflictingModifier` (error).
pub const CONFLICTING_MODIFIER: &str = "fi-0033";
/// `NameCollision` (error).
pub const NAME_COLLISION: &str = "fi-0034";
/// `NameCollisionCanonical` (error).
pub const NAME_COLLISION_CANONICAL: &str = "fi-0035";
/// `NameOverlap` (error).
pub const NAME_OVERLAP: &str = "fi-0036";
/// `NameOverlapCanonical` (error).
pub const NAME_OVERLAP_CANONICAL: &str = "fi-0037";
/// `DeclNameConflictsWithLibraryImport` (error).
pub const DECL_NAME_CONFLICTS_WITH_LIBRARY_IMPORT: &str = "fi-0038";
/// `DeclNameConflictsWithLibraryImportCanonical` (error).
pub const DECL_NAME_CONFLICTS_WITH_LIBRARY_IMPORT_CANONICAL: &str = "fi-0039";
/// `FilesDisagreeOnLibraryName` (error).
pub const FILES_DISAGREE_ON_LIBRARY_NAME: &str = "fi-0040";
/// `MultipleLibrariesWithSameName` (error).
pub const MULTIPLE_LIBRARIES_WITH_SAME_NAME: &str = "fi-0041";
/// `DuplicateLibraryImport` (error).
pub const DUPLICATE_LIBRARY_IMPORT: &str = "fi-0042";
/// `ConflictingLibraryImport` (error).
pub const CONFLICTING_LIBRARY_IMPORT: &str = "fi-0043";
/// `ConflictingLibraryImportAlias` (error).
pub const CONFLICTING_LIBRARY_IMPORT_ALIAS: &str = "fi-0044";
/// `AttributesNotAllowedOnLibraryImport` (error).
pub const ATTRIBUTES_NOT_ALLOWED_ON_LIBRARY_IMPORT: &str = "fi-0045";
/// `UnknownLibrary` (error).
pub const UNKNOWN_LIBRARY: &str = "fi-0046";
/// `OptionalTableMember` (error).
pub const OPTIONAL_TABLE_MEMBER: &str = "fi-0048";
/// `OptionalUnionMember` (error).
pub const OPTIONAL_UNION_MEMBER: &str = "fi-0049";
/// `DeprecatedStructDefaults` (error).
pub const DEPRECATED_STRUCT_DEFAULTS: &str = "fi-0050";
/// `UnknownDependentLibrary` (error).
pub const UNKNOWN_DEPENDENT_LIBRARY: &str = "fi-0051";
/// `NameNotFound` (error).
pub const NAME_NOT_FOUND: &str = "fi-0052";
/// `CannotReferToMember` (error).
pub const CANNOT_REFER_TO_MEMBER: &str = "fi-0053";
/// `MemberNotFound` (error).
pub const MEMBER_NOT_FOUND: &str = "fi-0054";
/// `InvalidReferenceToDeprecated` (error).
pub const INVALID_REFERENCE_TO_DEPRECATED: &str = "fi-0055";
/// `InvalidReferenceToDeprecatedOtherPlatform` (error).
pub const INVALID_REFERENCE_TO_DEPRECATED_OTHER_PLATFORM: &str = "fi-0056";
/// `IncludeCycle` (error).
pub const INCLUDE_CYCLE: &str = "fi-0057";
/// `AnonymousNameReference` (error).
pub const ANONYMOUS_NAME_REFERENCE: &str = "fi-0058";
/// `InvalidConstantType` (error).
pub const INVALID_CONSTANT_TYPE: &str = "fi-0059";
/// `CannotResolveConstantValue` (error).
pub const CANNOT_RESOLVE_CONSTANT_VALUE: &str = "fi-0060";
/// `OrOperatorOnNonPrimitiveValue` (error).
pub const OR_OPERATOR_ON_NON_PRIMITIVE_VALUE: &str = "fi-0061";
/// `NewTypesNotAllowed` (error).
pub const NEW_TYPES_NOT_ALLOWED: &str = "fi-0062";
/// `ExpectedValueButGotType` (error).
pub const EXPECTED_VALUE_BUT_GOT_TYPE: &str = "fi-0063";
/// `MismatchedNameTypeAssignment` (error).
pub const MISMATCHED_NAME_TYPE_ASSIGNMENT: &str = "fi-0064";
/// `TypeCannotBeConvertedToType` (error).
pub const TYPE_CANNOT_BE_CONVERTED_TO_TYPE: &str = "fi-0065";
/// `ConstantOverflowsType` (error).
pub const CONSTANT_OVERFLOWS_TYPE: &str = "fi-0066";
/// `BitsMemberMustBePowerOfTwo` (error).
pub const BITS_MEMBER_MUST_BE_POWER_OF_TWO: &str = "fi-0067";
/// `FlexibleEnumMemberWithMaxValue` (error).
pub const FLEXIBLE_ENUM_MEMBER_WITH_MAX_VALUE: &str = "fi-0068";
/// `BitsTypeMustBeUnsignedIntegralPrimitive` (error).
pub const BITS_TYPE_MUST_BE_UNSIGNED_INTEGRAL_PRIMITIVE: &str = "fi-0069";
/// `EnumTypeMustBeIntegralPrimitive` (error).
pub const ENUM_TYPE_MUST_BE_INTEGRAL_PRIMITIVE: &str = "fi-0070";
/// `UnknownAttributeOnStrictEnumMember` (error).
pub const UNKNOWN_ATTRIBUTE_ON_STRICT_ENUM_MEMBER: &str = "fi-0071";
/// `UnknownAttributeOnMultipleEnumMembers` (error).
pub const UNKNOWN_ATTRIBUTE_ON_MULTIPLE_ENUM_MEMBERS: &str = "fi-0072";
/// `ComposingNonProtocol` (error).
pub const COMPOSING_NON_PROTOCOL: &str = "fi-0073";
/// `InvalidMethodPayloadLayoutClass` (error).
pub const INVALID_METHOD_PAYLOAD_LAYOUT_CLASS: &str = "fi-0074";
/// `InvalidMethodPayloadType` (error).
pub const INVALID_METHOD_PAYLOAD_TYPE: &str = "fi-0075";
/// `EmptyPayloadStructs` (error).
pub const EMPTY_PAYLOAD_STRUCTS: &str = "fi-0077";
/// `GeneratedZeroValueOrdinal` (error).
pub const GENERATED_ZERO_VALUE_ORDINAL: &str = "fi-0080";
/// `DuplicateMethodOrdinal` (error).
pub const DUPLICATE_METHOD_ORDINAL: &str = "fi-0081";
/// `InvalidSelectorValue` (error).
pub const INVALID_SELECTOR_VALUE: &str = "fi-0082";
/// `FuchsiaIoExplicitOrdinals` (error).
pub const FUCHSIA_IO_EXPLICIT_ORDINALS: &str = "fi-0083";
/// `PayloadStructHasDefaultMembers` (error).
pub const PAYLOAD_STRUCT_HAS_DEFAULT_MEMBERS: &str = "fi-0084";
/// `OptionalServiceMember` (error).
pub const OPTIONAL_SERVICE_MEMBER: &str = "fi-0088";
/// `InvalidStructMemberType` (error).
pub const INVALID_STRUCT_MEMBER_TYPE: &str = "fi-0091";
/// `TableOrdinalTooLarge` (error).
pub const TABLE_ORDINAL_TOO_LARGE: &str = "fi-0092";
/// `MaxOrdinalNotTable` (error).
pub const MAX_ORDINAL_NOT_TABLE: &str = "fi-0093";
/// `DuplicateTableFieldOrdinal` (error).
pub const DUPLICATE_TABLE_FIELD_ORDINAL: &str = "fi-0094";
/// `DuplicateUnionMemberOrdinal` (error).
pub const DUPLICATE_UNION_MEMBER_ORDINAL: &str = "fi-0097";
/// `CouldNotResolveSizeBound` (error).
pub const COULD_NOT_RESOLVE_SIZE_BOUND: &str = "fi-0101";
/// `CouldNotResolveMember` (error).
pub const COULD_NOT_RESOLVE_MEMBER: &str = "fi-0102";
/// `CouldNotResolveMemberDefault` (error).
pub const COULD_NOT_RESOLVE_MEMBER_DEFAULT: &str = "fi-0103";
/// `CouldNotResolveAttributeArg` (error).
pub const COULD_NOT_RESOLVE_ATTRIBUTE_ARG: &str = "fi-0104";
/// `DuplicateMemberValue` (error).
pub const DUPLICATE_MEMBER_VALUE: &str = "fi-0107";
/// `TypeMustBeResource` (error).
pub const TYPE_MUST_BE_RESOURCE: &str = "fi-0110";
/// `InlineSizeExceedsLimit` (error).
pub const INLINE_SIZE_EXCEEDS_LIMIT: &str = "fi-0111";
/// `OnlyClientEndsInServices` (error).
pub const ONLY_CLIENT_ENDS_IN_SERVICES: &str = "fi-0112";
/// `MismatchedTransportInServices` (error).
pub const MISMATCHED_TRANSPORT_IN_SERVICES: &str = "fi-0113";
/// `ComposedProtocolTooOpen` (error).
pub const COMPOSED_PROTOCOL_TOO_OPEN: &str = "fi-0114";
/// `FlexibleTwoWayMethodRequiresOpenProtocol` (error).
pub const FLEXIBLE_TWO_WAY_METHOD_REQUIRES_OPEN_PROTOCOL: &str = "fi-0115";
/// `FlexibleOneWayMethodInClosedProtocol` (error).
pub const FLEXIBLE_ONE_WAY_METHOD_IN_CLOSED_PROTOCOL: &str = "fi-0116";
/// `HandleUsedInIncompatibleTransport` (error).
pub const HANDLE_USED_IN_INCOMPATIBLE_TRANSPORT: &str = "fi-0117";
/// `TransportEndUsedInIncompatibleTransport` (error).
pub const TRANSPORT_END_USED_IN_INCOMPATIBLE_TRANSPORT: &str = "fi-0118";
/// `InvalidAttributePlacement` (error).
pub const INVALID_ATTRIBUTE_PLACEMENT: &str = "fi-0120";
/// `DeprecatedAttribute` (error).
pub const DEPRECATED_ATTRIBUTE: &str = "fi-0121";
/// `DuplicateAttribute` (error).
pub const DUPLICATE_ATTRIBUTE: &str = "fi-0122";
/// `DuplicateAttributeCanonical` (error).
pub const DUPLICATE_ATTRIBUTE_CANONICAL: &str = "fi-0123";
/// `CanOnlyUseStringOrBool` (error).
pub const CAN_ONLY_USE_STRING_OR_BOOL: &str = "fi-0124";
/// `AttributeArgMustNotBeNamed` (error).
pub const ATTRIBUTE_ARG_MUST_NOT_BE_NAMED: &str = "fi-0125";
/// `AttributeArgNotNamed` (error).
pub const ATTRIBUTE_ARG_NOT_NAMED: &str = "fi-0126";
/// `MissingRequiredAttributeArg` (error).
pub const MISSING_REQUIRED_ATTRIBUTE_ARG: &str = "fi-0127";
/// `MissingRequiredAnonymousAttributeArg` (error).
pub const MISSING_REQUIRED_ANONYMOUS_ATTRIBUTE_ARG: &str = "fi-0128";
/// `UnknownAttributeArg` (error).
pub const UNKNOWN_ATTRIBUTE_ARG: &str = "fi-0129";
/// `DuplicateAttributeArg` (error).
pub const DUPLICATE_ATTRIBUTE_ARG: &str = "fi-0130";
/// `DuplicateAttributeArgCanonical` (error).
pub const DUPLICATE_ATTRIBUTE_ARG_CANONICAL: &str = "fi-0131";
/// `AttributeDisallowsArgs` (error).
pub const ATTRIBUTE_DISALLOWS_ARGS: &str = "fi-0132";
/// `AttributeArgRequiresLiteral` (error).
pub const ATTRIBUTE_ARG_REQUIRES_LITERAL: &str = "fi-0133";
/// `InvalidDiscoverableName` (error).
pub const INVALID_DISCOVERABLE_NAME: &str = "fi-0135";
/// `InvalidErrorType` (error).
pub const INVALID_ERROR_TYPE: &str = "fi-0141";
/// `InvalidTransportType` (error).
pub const INVALID_TRANSPORT_TYPE: &str = "fi-0142";
/// `AttributeTypo` (warning).
pub const ATTRIBUTE_TYPO: &str = "fi-0145";
/// `InvalidGeneratedName` (error).
pub const INVALID_GENERATED_NAME: &str = "fi-0146";
/// `AvailableMissingArguments` (error).
pub const AVAILABLE_MISSING_ARGUMENTS: &str = "fi-0147";
/// `NoteWithoutDeprecationOrRemoval` (error).
pub const NOTE_WITHOUT_DEPRECATION_OR_REMOVAL: &str = "fi-0148";
/// `PlatformNotOnLibrary` (error).
pub const PLATFORM_NOT_ON_LIBRARY: &str = "fi-0149";
/// `LibraryAvailabilityMissingAdded` (error).
pub const LIBRARY_AVAILABILITY_MISSING_ADDED: &str = "fi-0150";
/// `MissingLibraryAvailability` (error).
pub const MISSING_LIBRARY_AVAILABILITY: &str = "fi-0151";
/// `InvalidPlatform` (error).
pub const INVALID_PLATFORM: &str = "fi-0152";
/// `InvalidVersion` (error).
pub const INVALID_VERSION: &str = "fi-0153";
/// `InvalidAvailabilityOrder` (error).
pub const INVALID_AVAILABILITY_ORDER: &str = "fi-0154";
/// `AvailabilityConflictsWithParent` (error).
pub const AVAILABILITY_CONFLICTS_WITH_PARENT: &str = "fi-0155";
/// `CannotBeOptional` (error).
pub const CANNOT_BE_OPTIONAL: &str = "fi-0156";
/// `MustBeAProtocol` (error).
pub const MUST_BE_A_PROTOCOL: &str = "fi-0157";
/// `CannotBoundTwice` (error).
pub const CANNOT_BOUND_TWICE: &str = "fi-0158";
/// `StructCannotBeOptional` (error).
pub const STRUCT_CANNOT_BE_OPTIONAL: &str = "fi-0159";
/// `CannotIndicateOptionalTwice` (error).
pub const CANNOT_INDICATE_OPTIONAL_TWICE: &str = "fi-0160";
/// `MustHaveNonZeroSize` (error).
pub const MUST_HAVE_NON_ZERO_SIZE: &str = "fi-0161";
/// `WrongNumberOfLayoutParameters` (error).
pub const WRONG_NUMBER_OF_LAYOUT_PARAMETERS: &str = "fi-0162";
/// `MultipleConstraintDefinitions` (error).
pub const MULTIPLE_CONSTRAINT_DEFINITIONS: &str = "fi-0163";
/// `TooManyConstraints` (error).
pub const TOO_MANY_CONSTRAINTS: &str = "fi-0164";
/// `ExpectedType` (error).
pub const EXPECTED_TYPE: &str = "fi-0165";
/// `UnexpectedConstraint` (error).
pub const UNEXPECTED_CONSTRAINT: &str = "fi-0166";
/// `CannotConstrainTwice` (error).
pub const CANNOT_CONSTRAIN_TWICE: &str = "fi-0167";
/// `ProtocolConstraintRequired` (error).
pub const PROTOCOL_CONSTRAINT_REQUIRED: &str = "fi-0168";
/// `BoxCannotBeOptional` (error).
pub const BOX_CANNOT_BE_OPTIONAL: &str = "fi-0169";
/// `CannotBeBoxedShouldBeOptional` (error).
pub const CANNOT_BE_BOXED_SHOULD_BE_OPTIONAL: &str = "fi-0171";
/// `ResourceMustBeUint32Derived` (error).
pub const RESOURCE_MUST_BE_UINT32_DERIVED: &str = "fi-0172";
/// `ResourceMissingSubtypeProperty` (error).
pub const RESOURCE_MISSING_SUBTYPE_PROPERTY: &str = "fi-0173";
/// `ResourceSubtypePropertyMustReferToEnum` (error).
pub const RESOURCE_SUBTYPE_PROPERTY_MUST_REFER_TO_ENUM: &str = "fi-0175";
/// `ResourceRightsPropertyMustReferToBits` (error).
pub const RESOURCE_RIGHTS_PROPERTY_MUST_REFER_TO_BITS: &str = "fi-0177";
/// `UnusedImport` (error).
pub const UNUSED_IMPORT: &str = "fi-0178";
/// `NewTypeCannotHaveConstraint` (error).
pub const NEW_TYPE_CANNOT_HAVE_CONSTRAINT: &str = "fi-0179";
/// `ExperimentalZxCTypesDisallowed` (error).
pub const EXPERIMENTAL_ZX_C_TYPES_DISALLOWED: &str = "fi-0180";
/// `ReferenceInLibraryAttribute` (error).
pub const REFERENCE_IN_LIBRARY_ATTRIBUTE: &str = "fi-0181";
/// `UnexpectedControlCharacter` (error).
pub const UNEXPECTED_CONTROL_CHARACTER: &str = "fi-0184";
/// `UnicodeEscapeMissingBraces` (error).
pub const UNICODE_ESCAPE_MISSING_BRACES: &str = "fi-0185";
/// `UnicodeEscapeUnterminated` (error).
pub const UNICODE_ESCAPE_UNTERMINATED: &str = "fi-0186";
/// `UnicodeEscapeEmpty` (error).
pub const UNICODE_ESCAPE_EMPTY: &str = "fi-0187";
/// `UnicodeEscapeTooLong` (error).
pub const UNICODE_ESCAPE_TOO_LONG: &str = "fi-0188";
/// `UnicodeEscapeTooLarge` (error).
pub const UNICODE_ESCAPE_TOO_LARGE: &str = "fi-0189";
/// `MethodMustDefineStrictness` (error).
pub const METHOD_MUST_DEFINE_STRICTNESS: &str = "fi-0191";
/// `ProtocolMustDefineOpenness` (error).
pub const PROTOCOL_MUST_DEFINE_OPENNESS: &str = "fi-0192";
/// `CannotBeBoxedNorOptional` (error).
pub const CANNOT_BE_BOXED_NOR_OPTIONAL: &str = "fi-0193";
/// `OverlayMustBeStrict` (error).
pub const OVERLAY_MUST_BE_STRICT: &str = "fi-0197";
/// `OverlayMustBeValue` (error).
pub const OVERLAY_MUST_BE_VALUE: &str = "fi-0198";
/// `OverlayMemberMustBeValue` (error).
pub const OVERLAY_MEMBER_MUST_BE_VALUE: &str = "fi-0199";
/// `PlatformVersionNotSelected` (error).
pub const PLATFORM_VERSION_NOT_SELECTED: &str = "fi-0201";
/// `RemovedAndReplaced` (error).
pub const REMOVED_AND_REPLACED: &str = "fi-0203";
/// `LibraryReplaced` (error).
pub const LIBRARY_REPLACED: &str = "fi-0204";
/// `InvalidRemoved` (error).
pub const INVALID_REMOVED: &str = "fi-0205";
/// `InvalidReplaced` (error).
pub const INVALID_REPLACED: &str = "fi-0206";
/// `TypeShapeIntegerOverflow` (error).
pub const TYPE_SHAPE_INTEGER_OVERFLOW: &str = "fi-0207";
/// `ReservedPlatform` (error).
pub const RESERVED_PLATFORM: &str = "fi-0208";
/// `ReservedNotAllowed` (error).
pub const RESERVED_NOT_ALLOWED: &str = "fi-0209";
/// `InvalidDiscoverableLocation` (error).
pub const INVALID_DISCOVERABLE_LOCATION: &str = "fi-0210";
/// `CannotBeRenamed` (error).
pub const CANNOT_BE_RENAMED: &str = "fi-0211";
/// `RenamedWithoutReplacedOrRemoved` (error).
pub const RENAMED_WITHOUT_REPLACED_OR_REMOVED: &str = "fi-0212";
/// `RenamedToSameName` (error).
pub const RENAMED_TO_SAME_NAME: &str = "fi-0213";
/// `InvalidRemovedAndRenamed` (error).
pub const INVALID_REMOVED_AND_RENAMED: &str = "fi-0214";
/// `InvalidReplacedAndRenamed` (error).
pub const INVALID_REPLACED_AND_RENAMED: &str = "fi-0215";
/// `InvalidRemovedAbi` (error).
pub const INVALID_REMOVED_ABI: &str = "fi-0216";
/// `InvalidReplacedAbi` (error).
pub const INVALID_REPLACED_ABI: &str = "fi-0217";
/// `InvalidModifierAvailableArgument` (error).
pub const INVALID_MODIFIER_AVAILABLE_ARGUMENT: &str = "fi-0218";
/// `CannotChangeMethodStrictness` (error).
pub const CANNOT_CHANGE_METHOD_STRICTNESS: &str = "fi-0219";
/// `NameNotFoundInVersionRange` (error).
pub const NAME_NOT_FOUND_IN_VERSION_RANGE: &str = "fi-0220";
/// `ResourceForbiddenHere` (error).
pub const RESOURCE_FORBIDDEN_HERE: &str = "fi-0221";
/// `ExperimentalNoResource` (error).
pub const EXPERIMENTAL_NO_RESOURCE: &str = "fi-0222";
/// `NoResourceForbidsCompose` (error).
pub const NO_RESOURCE_FORBIDS_COMPOSE: &str = "fi-0223";

/// Every ID above, in numeric order.
pub const ALL: &[&str] = &[
    INVALID_CHARACTER,
    UNEXPECTED_LINE_BREAK,
    INVALID_ESCAPE_SEQUENCE,
    INVALID_HEX_DIGIT,
    EXPECTED_DECLARATION,
    UNEXPECTED_TOKEN,
    UNEXPECTED_TOKEN_OF_KIND,
    UNEXPECTED_IDENTIFIER,
    INVALID_IDENTIFIER,
    INVALID_LIBRARY_NAME_COMPONENT,
    INVALID_LAYOUT_CLASS,
    INVALID_WRAPPED_TYPE,
    ATTRIBUTE_WITH_EMPTY_PARENS,
    ATTRIBUTE_ARGS_MUST_ALL_BE_NAMED,
    MISSING_ORDINAL_BEFORE_MEMBER,
    ORDINAL_OUT_OF_BOUND,
    ORDINALS_MUST_START_AT_ONE,
    MUST_HAVE_ONE_MEMBER,
    INVALID_PROTOCOL_MEMBER,
    CANNOT_ATTACH_ATTRIBUTE_TO_IDENTIFIER,
    ATTRIBUTE_INSIDE_TYPE_DECLARATION,
    DOC_COMMENT_ON_PARAMETERS,
    LIBRARY_IMPORTS_MUST_BE_GROUPED_AT_TOP_OF_FILE,
    COMMENT_WITHIN_DOC_COMMENT_BLOCK,
    BLANK_LINES_WITHIN_DOC_COMMENT_BLOCK,
    DOC_COMMENT_MUST_BE_FOLLOWED_BY_DECLARATION,
    MUST_HAVE_ONE_PROPERTY,
    CANNOT_SPECIFY_MODIFIER,
    CANNOT_SPECIFY_SUBTYPE,
    DUPLICATE_MODIFIER,
    CONFLICTING_MODIFIER,
    NAME_COLLISION,
    NAME_COLLISION_CANONICAL,
    NAME_OVERLAP,
    NAME_OVERLAP_CANONICAL,
    DECL_NAME_CONFLICTS_WITH_LIBRARY_IMPORT,
    DECL_NAME_CONFLICTS_WITH_LIBRARY_IMPORT_CANONICAL,
    FILES_DISAGREE_ON_LIBRARY_NAME,
    MULTIPLE_LIBRARIES_WITH_SAME_NAME,
    DUPLICATE_LIBRARY_IMPORT,
    CONFLICTING_LIBRARY_IMPORT,
    CONFLICTING_LIBRARY_IMPORT_ALIAS,
    ATTRIBUTES_NOT_ALLOWED_ON_LIBRARY_IMPORT,
    UNKNOWN_LIBRARY,
    OPTIONAL_TABLE_MEMBER,
    OPTIONAL_UNION_MEMBER,
    DEPRECATED_STRUCT_DEFAULTS,
    UNKNOWN_DEPENDENT_LIBRARY,
    NAME_NOT_FOUND,
    CANNOT_REFER_TO_MEMBER,
    MEMBER_NOT_FOUND,
    INVALID_REFERENCE_TO_DEPRECATED,
    INVALID_REFERENCE_TO_DEPRECATED_OTHER_PLATFORM,
    INCLUDE_CYCLE,
    ANONYMOUS_NAME_REFERENCE,
    INVALID_CONSTANT_TYPE,
    CANNOT_RESOLVE_CONSTANT_VALUE,
    OR_OPERATOR_ON_NON_PRIMITIVE_VALUE,
    NEW_TYPES_NOT_ALLOWED,
    EXPECTED_VALUE_BUT_GOT_TYPE,
    MISMATCHED_NAME_TYPE_ASSIGNMENT,
    TYPE_CANNOT_BE_CONVERTED_TO_TYPE,
    CONSTANT_OVERFLOWS_TYPE,
    BITS_MEMBER_MUST_BE_POWER_OF_TWO,
    FLEXIBLE_ENUM_MEMBER_WITH_MAX_VALUE,
    BITS_TYPE_MUST_BE_UNSIGNED_INTEGRAL_PRIMITIVE,
    ENUM_TYPE_MUST_BE_INTEGRAL_PRIMITIVE,
    UNKNOWN_ATTRIBUTE_ON_STRICT_ENUM_MEMBER,
    UNKNOWN_ATTRIBUTE_ON_MULTIPLE_ENUM_MEMBERS,
    COMPOSING_NON_PROTOCOL,
    INVALID_METHOD_PAYLOAD_LAYOUT_CLASS,
    INVALID_METHOD_PAYLOAD_TYPE,
    EMPTY_PAYLOAD_STRUCTS,
    GENERATED_ZERO_VALUE_ORDINAL,
    DUPLICATE_METHOD_ORDINAL,
    INVALID_SELECTOR_VALUE,
    FUCHSIA_IO_EXPLICIT_ORDINALS,
    PAYLOAD_STRUCT_HAS_DEFAULT_MEMBERS,
    OPTIONAL_SERVICE_MEMBER,
    INVALID_STRUCT_MEMBER_TYPE,
    TABLE_ORDINAL_TOO_LARGE,
    MAX_ORDINAL_NOT_TABLE,
    DUPLICATE_TABLE_FIELD_ORDINAL,
    DUPLICATE_UNION_MEMBER_ORDINAL,
    COULD_NOT_RESOLVE_SIZE_BOUND,
    COULD_NOT_RESOLVE_MEMBER,
    COULD_NOT_RESOLVE_MEMBER_DEFAULT,
    COULD_NOT_RESOLVE_ATTRIBUTE_ARG,
    DUPLICATE_MEMBER_VALUE,
    TYPE_MUST_BE_RESOURCE,
    INLINE_SIZE_EXCEEDS_LIMIT,
    ONLY_CLIENT_ENDS_IN_SERVICES,
    MISMATCHED_TRANSPORT_IN_SERVICES,
    COMPOSED_PROTOCOL_TOO_OPEN,
    FLEXIBLE_TWO_WAY_METHOD_REQUIRES_OPEN_PROTOCOL,
    FLEXIBLE_ONE_WAY_METHOD_IN_CLOSED_PROTOCOL,
    HANDLE_USED_IN_INCOMPATIBLE_TRANSPORT,
    TRANSPORT_END_USED_IN_INCOMPATIBLE_TRANSPORT,
    INVALID_ATTRIBUTE_PLACEMENT,
    DEPRECATED_ATTRIBUTE,
    DUPLICATE_ATTRIBUTE,
    DUPLICATE_ATTRIBUTE_CANONICAL,
    CAN_ONLY_USE_STRING_OR_BOOL,
    ATTRIBUTE_ARG_MUST_NOT_BE_NAMED,
    ATTRIBUTE_ARG_NOT_NAMED,
    MISSING_REQUIRED_ATTRIBUTE_ARG,
    MISSING_REQUIRED_ANONYMOUS_ATTRIBUTE_ARG,
    UNKNOWN_ATTRIBUTE_ARG,
    DUPLICATE_ATTRIBUTE_ARG,
    DUPLICATE_ATTRIBUTE_ARG_CANONICAL,
    ATTRIBUTE_DISALLOWS_ARGS,
    ATTRIBUTE_ARG_REQUIRES_LITERAL,
    INVALID_DISCOVERABLE_NAME,
    INVALID_ERROR_TYPE,
    INVALID_TRANSPORT_TYPE,
    ATTRIBUTE_TYPO,
    INVALID_GENERATED_NAME,
    AVAILABLE_MISSING_ARGUMENTS,
    NOTE_WITHOUT_DEPRECATION_OR_REMOVAL,
    PLATFORM_NOT_ON_LIBRARY,
    LIBRARY_AVAILABILITY_MISSING_ADDED,
    MISSING_LIBRARY_AVAILABILITY,
    INVALID_PLATFORM,
    INVALID_VERSION,
    INVALID_AVAILABILITY_ORDER,
    AVAILABILITY_CONFLICTS_WITH_PARENT,
    CANNOT_BE_OPTIONAL,
    MUST_BE_A_PROTOCOL,
    CANNOT_BOUND_TWICE,
    STRUCT_CANNOT_BE_OPTIONAL,
    CANNOT_INDICATE_OPTIONAL_TWICE,
    MUST_HAVE_NON_ZERO_SIZE,
    WRONG_NUMBER_OF_LAYOUT_PARAMETERS,
    MULTIPLE_CONSTRAINT_DEFINITIONS,
    TOO_MANY_CONSTRAINTS,
    EXPECTED_TYPE,
    UNEXPECTED_CONSTRAINT,
    CANNOT_CONSTRAIN_TWICE,
    PROTOCOL_CONSTRAINT_REQUIRED,
    BOX_CANNOT_BE_OPTIONAL,
    CANNOT_BE_BOXED_SHOULD_BE_OPTIONAL,
    RESOURCE_MUST_BE_UINT32_DERIVED,
    RESOURCE_MISSING_SUBTYPE_PROPERTY,
    RESOURCE_SUBTYPE_PROPERTY_MUST_REFER_TO_ENUM,
    RESOURCE_RIGHTS_PROPERTY_MUST_REFER_TO_BITS,
    UNUSED_IMPORT,
    NEW_TYPE_CANNOT_HAVE_CONSTRAINT,
    EXPERIMENTAL_ZX_C_TYPES_DISALLOWED,
    REFERENCE_IN_LIBRARY_ATTRIBUTE,
    UNEXPECTED_CONTROL_CHARACTER,
    UNICODE_ESCAPE_MISSING_BRACES,
    UNICODE_ESCAPE_UNTERMINATED,
    UNICODE_ESCAPE_EMPTY,
    UNICODE_ESCAPE_TOO_LONG,
    UNICODE_ESCAPE_TOO_LARGE,
    METHOD_MUST_DEFINE_STRICTNESS,
    PROTOCOL_MUST_DEFINE_OPENNESS,
    CANNOT_BE_BOXED_NOR_OPTIONAL,
    OVERLAY_MUST_BE_STRICT,
    OVERLAY_MUST_BE_VALUE,
    OVERLAY_MEMBER_MUST_BE_VALUE,
    PLATFORM_VERSION_NOT_SELECTED,
    REMOVED_AND_REPLACED,
    LIBRARY_REPLACED,
    INVALID_REMOVED,
    INVALID_REPLACED,
    TYPE_SHAPE_INTEGER_OVERFLOW,
    RESERVED_PLATFORM,
    RESERVED_NOT_ALLOWED,
    INVALID_DISCOVERABLE_LOCATION,
    CANNOT_BE_RENAMED,
    RENAMED_WITHOUT_REPLACED_OR_REMOVED,
    RENAMED_TO_SAME_NAME,
    INVALID_REMOVED_AND_RENAMED,
    INVALID_REPLACED_AND_RENAMED,
    INVALID_REMOVED_ABI,
    INVALID_REPLACED_ABI,
    INVALID_MODIFIER_AVAILABLE_ARGUMENT,
    CANNOT_CHANGE_METHOD_STRICTNESS,
    NAME_NOT_FOUND_IN_VERSION_RANGE,
    RESOURCE_FORBIDDEN_HERE,
    EXPERIMENTAL_NO_RESOURCE,
    NO_RESOURCE_FORBIDS_COMPOSE,
];
