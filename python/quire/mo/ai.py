"""mo.ai: the chat types and model adapters of marimo's mo.ai.

They exist so a notebook that builds a ``mo.ui.chat`` runs in quire: the
types hold what they are given, the adapters of ``mo.ai.llm`` are made
without error, and calling one says that quire does not run chat models
(``mo.ui.chat`` is not shown in the terminal).
"""

__all__ = ["ChatAttachment", "ChatMessage", "ChatModelConfig", "llm"]


class _Record:
    """A plain record of marimo's fields (dataclasses would cost the
    kernel's start-up more than these few classes need)."""

    _fields = ()

    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join(
            "%s=%r" % (f, getattr(self, f)) for f in self._fields))


class ChatAttachment(_Record):
    _fields = ("url", "name", "content_type")

    def __init__(self, url, name="attachment", content_type=None):
        self.url = url
        self.name = name
        self.content_type = content_type


class ChatMessage(_Record):
    _fields = ("role", "content", "id", "parts", "attachments", "metadata")

    def __init__(self, role, content, id="", parts=None, attachments=None,
                 metadata=None):
        self.role = role
        self.content = content
        self.id = id
        self.parts = [] if parts is None else parts
        self.attachments = attachments
        self.metadata = metadata


class ChatModelConfig(_Record):
    _fields = ("max_tokens", "temperature", "top_p", "top_k",
               "frequency_penalty", "presence_penalty")

    def __init__(self, max_tokens=None, temperature=None, top_p=None,
                 top_k=None, frequency_penalty=None, presence_penalty=None):
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.top_p = top_p
        self.top_k = top_k
        self.frequency_penalty = frequency_penalty
        self.presence_penalty = presence_penalty


_SYSTEM = "You are a helpful assistant specializing in data science."


class _Model:
    """A model adapter: kept, never called."""

    _name = "model"

    def __call__(self, messages, config=None):
        raise RuntimeError("mo.ai.llm.%s: quire does not run chat models "
                           "(mo.ui.chat is not supported in the terminal)"
                           % self._name)

    def __repr__(self):
        return "mo.ai.llm.%s(%r)" % (self._name, getattr(self, "model", ""))


class _openai(_Model):
    _name = "openai"

    def __init__(self, model, *, system_message=_SYSTEM, api_key=None,
                 base_url=None):
        self.model = model
        self.system_message = system_message
        self.api_key = api_key
        self.base_url = base_url


class _anthropic(_openai):
    _name = "anthropic"


class _groq(_openai):
    _name = "groq"


class _google(_Model):
    _name = "google"

    def __init__(self, model, *, system_message=_SYSTEM, api_key=None):
        self.model = model
        self.system_message = system_message
        self.api_key = api_key


class _bedrock(_Model):
    _name = "bedrock"

    def __init__(self, model, *, system_message=_SYSTEM,
                 region_name="us-east-1", profile_name=None,
                 credentials=None, aws_access_key_id=None,
                 aws_secret_access_key=None):
        self.model = model
        self.system_message = system_message
        self.region_name = region_name
        self.profile_name = profile_name


class _pydantic_ai(_Model):
    _name = "pydantic_ai"

    def __init__(self, agent):
        self.agent = agent
        self.model = agent


class llm:
    """mo.ai.llm: openai, anthropic, google, groq, bedrock, pydantic_ai."""

    openai = _openai
    anthropic = _anthropic
    google = _google
    groq = _groq
    bedrock = _bedrock
    pydantic_ai = _pydantic_ai
