class Model(nn.Module):
    def forward(self, x):
        return self.layer(x)
