package dev.encore.graphql.engine;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Collectors;

import graphql.language.ArrayValue;
import graphql.language.IntValue;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Checks the request's variable values against the operation's variable types before anything runs, as the
 * GraphQL spec's input coercion has it (a failure is a request error). The engine is too lenient to be left with
 * this: SmallRye's {@code Int} accepts any JSON number or string as a variable and fails only once a resolver
 * converts {@code 1.5} (reported as a server fault), and graphql-java's {@code ID} turns any value into a string with
 * {@code toString} (so an object became the id {@code "{a=1}"}). Here each built-in scalar takes only what the spec
 * allows, an input object only its own fields, and a non-null type no null; other scalars (such as {@code Date}) are
 * left to their own coercion, which reports a bad value as the client's.
 *
 * <p>A variable whose type does not exist or is not an input type is skipped: the engine's validation names that.
 */
final class VariableCheck {

    private final GraphQLSchema schema;

    VariableCheck(GraphQLSchema schema) {
        this.schema = schema;
    }

    /** The first problem with the variables, as a message for the client, or {@code null} when they are all fine. */
    String check(OperationDefinition operation, Map<String, JsonValue> variables) {
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            GraphQLType type = schemaType(definition.getType());
            if (type == null) {
                continue;
            }
            String path = "$" + definition.getName();
            JsonValue value = variables.get(definition.getName());
            if (value == null && definition.getDefaultValue() != null) {
                String problem = checkIntLiterals(definition.getDefaultValue(), type, path,
                        "The default of variable");
                if (problem != null) {
                    return problem;
                }
            }
            if (value == null) {
                if (type instanceof GraphQLNonNull && definition.getDefaultValue() == null) {
                    return "Variable '" + path + "' of type " + GraphQLTypeUtil.simplePrint(type) + " is required but was not given.";
                }
                continue;
            }
            String problem = check(value, type, path);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private String check(JsonValue value, GraphQLType type, String path) {
        if (type instanceof GraphQLNonNull nonNull) {
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                return "'" + path + "' must not be null: its type is " + GraphQLTypeUtil.simplePrint(type) + ".";
            }
            return check(value, nonNull.getWrappedType(), path);
        }
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (type instanceof GraphQLList list) {
            if (value instanceof JsonArray array) {
                for (int i = 0; i < array.size(); i++) {
                    String problem = check(array.get(i), list.getWrappedType(), path + "[" + i + "]");
                    if (problem != null) {
                        return problem;
                    }
                }
                return null;
            }
            // The spec coerces a single value to a list of one.
            return check(value, list.getWrappedType(), path);
        }
        if (type instanceof GraphQLInputObjectType input) {
            return checkObject(value, input, path);
        }
        if (type instanceof GraphQLEnumType enumType) {
            if (value instanceof JsonString string && enumType.getValue(string.getString()) != null) {
                return null;
            }
            return "'" + path + "' must be one of " + enumType.getValues().stream()
                    .map(v -> v.getName()).collect(Collectors.joining(", ")) + "; got " + describe(value) + ".";
        }
        if (type instanceof GraphQLScalarType scalar) {
            return checkScalar(value, scalar.getName(), path);
        }
        return null;
    }

    private String checkObject(JsonValue value, GraphQLInputObjectType type, String path) {
        if (!(value instanceof JsonObject object)) {
            return "'" + path + "' must be a " + type.getName() + " object; got " + describe(value) + ".";
        }
        for (String name : object.keySet()) {
            if (type.getField(name) == null) {
                return "'" + path + "' has no field '" + name + "'; " + type.getName() + "'s fields are "
                       + type.getFields().stream().map(GraphQLInputObjectField::getName)
                               .collect(Collectors.joining(", ")) + ".";
            }
        }
        for (GraphQLInputObjectField field : type.getFields()) {
            JsonValue fieldValue = object.get(field.getName());
            String fieldPath = path + "." + field.getName();
            if (fieldValue == null) {
                if (field.getType() instanceof GraphQLNonNull && !field.hasSetDefaultValue()) {
                    return "'" + fieldPath + "' is required (" + GraphQLTypeUtil.simplePrint(field.getType()) + ") but was not given.";
                }
                continue;
            }
            String problem = check(fieldValue, field.getType(), fieldPath);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String checkScalar(JsonValue value, String scalar, String path) {
        boolean ok = switch (scalar) {
            case "Int" -> isInt(value);
            case "Float" -> value instanceof JsonNumber;
            case "String" -> value instanceof JsonString;
            case "Boolean" -> value.getValueType() == JsonValue.ValueType.TRUE
                               || value.getValueType() == JsonValue.ValueType.FALSE;
            // The spec's ID input: a string, or an integer (taken as its decimal string); nothing else.
            case "ID" -> value instanceof JsonString || value instanceof JsonNumber number && isWhole(number);
            default -> true; // other scalars coerce for themselves
        };
        if (ok) {
            return null;
        }
        String expected = switch (scalar) {
            case "Int" -> "an Int (a whole number from -2147483648 to 2147483647)";
            case "Float" -> "a Float (a number)";
            case "ID" -> "an ID (a string or a whole number)";
            default -> "a " + scalar;
        };
        return "'" + path + "' must be " + expected + "; got " + describe(value) + ".";
    }

    private static boolean isInt(JsonValue value) {
        if (!(value instanceof JsonNumber number) || !isWhole(number)) {
            return false;
        }
        try {
            number.bigDecimalValue().intValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static boolean isWhole(JsonNumber number) {
        BigDecimal decimal = number.bigDecimalValue();
        return decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0;
    }

    /** The value as the client wrote it (short), never a Java type or {@code toString}. */
    static String describe(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> {
                String text = ((JsonString) value).getString();
                yield "the string " + (text.length() > 40 ? value.toString().substring(0, 40) + "…\"" : value);
            }
            case NUMBER -> value.toString().length() > 40 ? "a number" : value.toString();
            case TRUE, FALSE -> value.toString();
            case NULL -> "null";
            case OBJECT -> "an object";
            case ARRAY -> "a list";
        };
    }

    /**
     * An {@code Int} literal outside the 32-bit range anywhere in {@code value} (a list's items, an input object's
     * fields), as a message, or {@code null}. SmallRye's {@code Int} accepts such a literal and truncates it to its low
     * 32 bits ({@code 99999999999} became {@code 1215752191}), so it has to be caught before execution.
     *
     * @param noun what {@code name} is, for the message ("Argument", "The default of variable")
     */
    static String checkIntLiterals(Value<?> value, GraphQLType type, String name, String noun) {
        GraphQLType unwrapped = GraphQLTypeUtil.unwrapNonNull(type);
        if (unwrapped instanceof GraphQLList list) {
            if (value instanceof ArrayValue array) {
                for (Value<?> item : array.getValues()) {
                    String problem = checkIntLiterals(item, list.getWrappedType(), name, noun);
                    if (problem != null) {
                        return problem;
                    }
                }
                return null;
            }
            return checkIntLiterals(value, list.getWrappedType(), name, noun);
        }
        if (unwrapped instanceof GraphQLInputObjectType input && value instanceof ObjectValue object) {
            for (ObjectField field : object.getObjectFields()) {
                GraphQLInputObjectField definition = input.getField(field.getName());
                if (definition != null) {
                    String problem = checkIntLiterals(field.getValue(), definition.getType(),
                            name + "." + field.getName(), noun);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            return null;
        }
        if (unwrapped instanceof GraphQLScalarType scalar && "Int".equals(scalar.getName())
            && value instanceof IntValue literal && literal.getValue().bitLength() >= 32) {
            return noun + " '" + name + "' must be an Int; got " + literal.getValue() + ".";
        }
        return null;
    }

    /** The schema type a variable definition names, or {@code null} when it is not an input type of the schema. */
    private GraphQLType schemaType(Type<?> type) {
        if (type instanceof NonNullType nonNull) {
            GraphQLType inner = schemaType(nonNull.getType());
            return inner == null ? null : GraphQLNonNull.nonNull(inner);
        }
        if (type instanceof ListType list) {
            GraphQLType inner = schemaType(list.getType());
            return inner == null ? null : GraphQLList.list(inner);
        }
        if (type instanceof TypeName name) {
            GraphQLType named = schema.getType(name.getName());
            return named instanceof graphql.schema.GraphQLInputType ? named : null;
        }
        return null;
    }
}
