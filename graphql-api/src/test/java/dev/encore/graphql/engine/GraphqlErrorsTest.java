package dev.encore.graphql.engine;

import java.util.List;

import graphql.GraphQLError;
import graphql.introspection.GoodFaithIntrospection;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** graphql-java's messages that quote its syntax tree or Java types, as a client reads them after the rewrite. */
class GraphqlErrorsTest {

    @Test
    void aLiteralOfTheWrongTypeGetsASentenceOfItsOwn() {
        assertThat(GraphqlErrors.plain("Validation error (WrongType@[songs]) : argument 'first' with value "
                                       + "'StringValue{value='abc'}' is not a valid 'Int' - Expected a value that can "
                                       + "be converted to type 'Int' but it was a 'StringValue'"),
                is("Argument 'first' must be an Int; got the string \"abc\"."));
        assertThat(GraphqlErrors.plain("Validation error (WrongType@[songs]) : argument 'first' with value "
                                       + "'IntValue{value=99999999999}' is not a valid 'Int' - out of range"),
                is("Argument 'first' must be an Int; got 99999999999."));
        assertThat(GraphqlErrors.plain("Validation error (WrongType@[createSong]) : argument 'input.title' with value "
                                       + "'ObjectValue{objectFields=[ObjectField{name='a', value=IntValue{value=1}}]}'"
                                       + " is not a valid 'String'"),
                is("Argument 'input.title' must be a String; got an object."));
    }

    @Test
    void otherMessagesLoseTheSyntaxTreeAndJavaTypes() {
        assertThat(GraphqlErrors.plain("Validation error (WrongType@[createArtist]) : argument 'input' with value "
                                       + "'ObjectValue{objectFields=[ObjectField{name='genres', value=ArrayValue{"
                                       + "values=[StringValue{value='x'}]}}]}' is missing required fields '[name]'"),
                is("Validation error (WrongType@[createArtist]) : argument 'input' with value '{…}' is missing "
                   + "required fields '[name]'"));
        assertThat(GraphqlErrors.plain("Expected a String input, but it was a 'BigDecimal'"),
                is("Expected a String input"));
        assertThat(GraphqlErrors.plain("Variable 'x' has value EnumValue{name='LIVE'} and BooleanValue{value=true}"),
                is("Variable 'x' has value LIVE and true"));
    }

    @Test
    void graphqlJavasIntrospectionLimitsAreALimitErrorNotAServerFault() {
        GraphQLError badFaith = GoodFaithIntrospection.BadFaithIntrospectionError.tooBigOperation(
                "Maximum field count exceeded. 501 > 500");
        assertThat(GraphqlErrors.isRequestError(badFaith), is(true));
        JsonObject json = GraphqlErrors.toJson(List.of(badFaith)).build().getJsonObject(0);
        assertThat(json.getJsonObject("extensions").getString("code"), is("GRAPHQL_VALIDATION_FAILED"));
        assertThat(json.getString("message"), containsString("501 > 500"));
    }
}
